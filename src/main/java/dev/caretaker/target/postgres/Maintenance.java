package dev.caretaker.target.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * VACUUM, ANALYZE and REINDEX. Each runs on its own autocommit connection (none may run inside a
 * transaction), under the caller's timeout and the target's lock timeout, and reports before / after figures.
 */
public final class Maintenance {

    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
    /** How long to wait for the statistics collector to publish a finished vacuum's figures. */
    private static final Duration STATS_WAIT = Duration.ofSeconds(5);
    /** How often to look for them meanwhile. */
    private static final Duration STATS_POLL = Duration.ofMillis(100);

    /** A snapshot of {@code pg_stat_progress_vacuum} (or {@code _cluster} for FULL) for the running vacuum. */
    public record VacuumProgress(String relation, String phase, long blocksDone, long blocksTotal) {
    }

    /**
     * @param relation  the table, or empty for the whole database
     * @param deadAfter empty when the server did not publish new figures in time (VACUUM FULL without ANALYZE never does)
     */
    public record VacuumResult(Optional<String> relation, boolean full, boolean analyze, long deadBefore,
                               OptionalLong deadAfter, long bytesBefore, long bytesAfter, Duration took) {
    }

    public record AnalyzeResult(Optional<String> relation, Duration took) {
    }

    public record ReindexResult(String relation, boolean index, boolean concurrently, long bytesBefore, long bytesAfter,
                                Duration took) {
    }

    /** The table and, when it is partitioned, its partitions (pg_partition_tree lists nothing for a plain table). */
    private static final String SCOPE = "(SELECT ?::oid UNION SELECT relid FROM pg_partition_tree(?::oid::regclass))";

    private record TableStats(long dead, long counter) {
    }

    private final PostgresClient client;
    private final Relations relations;

    Maintenance(PostgresClient client) {
        this.client = client;
        this.relations = new Relations(client);
    }

    /**
     * Vacuums one table (or the whole database when {@code table} is empty), reporting progress to
     * {@code progress} from a second connection every {@code progress-interval}.
     */
    public VacuumResult vacuum(Optional<String> table, boolean full, boolean analyze, Duration timeout,
                               Consumer<VacuumProgress> progress) throws PostgresException {
        return client.withConnection(timeout, c -> {
            Optional<Relation> rel = table.isPresent() ? Optional.of(relations.resolve(c, table.get(), "rmp")) : Optional.empty();
            // every step takes locks (sizes need AccessShareLock), so all of it runs under the lock timeout
            return client.withLockTimeout(c, () -> {
                Map<Long, TableStats> before = stats(c, rel);
                long bytesBefore = bytes(c, rel);
                List<String> options = new ArrayList<>();
                if (full) {
                    options.add("FULL");
                }
                if (analyze) {
                    options.add("ANALYZE");
                }
                String sql = "VACUUM" + (options.isEmpty() ? "" : " (" + String.join(", ", options) + ")")
                        + rel.map(r -> " " + r.quoted()).orElse("");
                long start = System.nanoTime();
                int pid = PostgresClient.backendPid(c);
                ScheduledFuture<?> poller = startProgress(pid, full, progress);
                try {
                    client.execute(c, sql, timeout);
                } finally {
                    poller.cancel(false);
                }
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                OptionalLong deadAfter = full && !analyze ? OptionalLong.empty() : deadAfter(c, rel, before);
                return new VacuumResult(rel.map(Relation::display), full, analyze,
                        before.values().stream().mapToLong(TableStats::dead).sum(), deadAfter, bytesBefore, bytes(c, rel), took);
            });
        });
    }

    /** Refreshes planner statistics of one table, or of the whole database when {@code table} is empty. */
    public AnalyzeResult analyze(Optional<String> table, Duration timeout) throws PostgresException {
        return client.withConnection(timeout, c -> {
            Optional<Relation> rel = table.isPresent() ? Optional.of(relations.resolve(c, table.get(), "rmp")) : Optional.empty();
            long start = System.nanoTime();
            client.withLockTimeout(c, () -> {
                client.execute(c, "ANALYZE" + rel.map(r -> " " + r.quoted()).orElse(""), timeout);
                return null;
            });
            return new AnalyzeResult(rel.map(Relation::display), Duration.ofNanos(System.nanoTime() - start));
        });
    }

    /**
     * Rebuilds an index, or every index of a table; {@code CONCURRENTLY} on PostgreSQL 12 and later so
     * writes go on meanwhile. Sizes are of the index, or of all the table's indexes.
     */
    public ReindexResult reindex(String name, Duration timeout) throws PostgresException {
        return client.withConnection(timeout, c -> {
            Relation rel = relations.resolve(c, name, "rmpiI");
            boolean concurrently = client.serverVersion(c) >= 120000;
            long before = client.withLockTimeout(c, () -> indexBytes(c, rel));
            String sql = "REINDEX " + (rel.isIndex() ? "INDEX " : "TABLE ") + (concurrently ? "CONCURRENTLY " : "") + rel.quoted();
            long start = System.nanoTime();
            if (concurrently) {
                // a lock timeout would leave an invalid _ccnew index behind; its locks block nobody anyway
                client.execute(c, sql, timeout);
            } else {
                client.withLockTimeout(c, () -> {
                    client.execute(c, sql, timeout);
                    return null;
                });
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return new ReindexResult(rel.display(), rel.isIndex(), concurrently, before,
                    client.withLockTimeout(c, () -> indexBytes(c, rel)), took);
        });
    }

    /** Polls the vacuum's progress from a second connection on Micronaut's scheduler until the returned task is cancelled. */
    private ScheduledFuture<?> startProgress(int pid, boolean full, Consumer<VacuumProgress> progress) {
        String sql = full
                ? "SELECT relid::regclass::text, phase, heap_blks_scanned, heap_blks_total FROM pg_stat_progress_cluster WHERE pid = ?"
                : "SELECT relid::regclass::text, phase, heap_blks_scanned, heap_blks_total FROM pg_stat_progress_vacuum WHERE pid = ?";
        Duration every = client.settings().progressInterval();
        return client.scheduler().scheduleWithFixedDelay(every, every, () -> {
            try {
                List<VacuumProgress> rows = client.withConnection(client.settings().statementTimeout(), c2 ->
                        client.query(c2, sql, ps -> ps.setInt(1, pid), rs -> new VacuumProgress(rs.getString(1),
                                rs.getString(2), rs.getLong(3), rs.getLong(4))));
                rows.forEach(progress);
            } catch (PostgresException | RuntimeException e) {
                // progress is a courtesy; the vacuum itself reports its own failure
                LOG.debug("vacuum progress poll failed on {}", client.name(), e);
            }
        });
    }

    /** Dead tuples and vacuum + analyze counters per table in scope (the table and its partitions, or all user tables). */
    private Map<Long, TableStats> stats(Connection c, Optional<Relation> rel) throws SQLException {
        String sql = "SELECT relid::bigint, n_dead_tup, vacuum_count + analyze_count FROM pg_stat_user_tables"
                + (rel.isPresent() ? " WHERE relid IN " + SCOPE : "");
        record Row(long relid, TableStats stats) {
        }
        Map<Long, TableStats> out = new HashMap<>();
        for (Row row : client.query(c, sql, ps -> {
            if (rel.isPresent()) {
                ps.setLong(1, rel.get().oid());
                ps.setLong(2, rel.get().oid());
            }
        }, rs -> new Row(rs.getLong(1), new TableStats(rs.getLong(2), rs.getLong(3))))) {
            out.put(row.relid(), row.stats());
        }
        return out;
    }

    /** Waits until every table in scope published new counters, then sums its dead tuples. */
    private OptionalLong deadAfter(Connection c, Optional<Relation> rel, Map<Long, TableStats> before) throws SQLException {
        long deadline = System.nanoTime() + STATS_WAIT.toNanos();
        while (true) {
            Map<Long, TableStats> now = stats(c, rel);
            boolean all = before.entrySet().stream().allMatch(e -> {
                TableStats n = now.get(e.getKey());
                return n == null || n.counter() > e.getValue().counter();
            });
            if (all) {
                return OptionalLong.of(now.values().stream().mapToLong(TableStats::dead).sum());
            }
            if (System.nanoTime() > deadline || !client.pause(STATS_POLL)) {
                return OptionalLong.empty();
            }
        }
    }

    private long bytes(Connection c, Optional<Relation> rel) throws SQLException {
        if (rel.isEmpty()) {
            return client.queryOne(c, "SELECT pg_database_size(current_database())", rs -> rs.getLong(1));
        }
        return client.queryOne(c, "SELECT coalesce(sum(pg_total_relation_size(relid)), 0)::bigint FROM " + SCOPE + " s(relid)",
                ps -> {
                    ps.setLong(1, rel.get().oid());
                    ps.setLong(2, rel.get().oid());
                }, rs -> rs.getLong(1));
    }

    /** Size of the index, or of all indexes of the table; looked up by name since CONCURRENTLY swaps the oid. */
    private long indexBytes(Connection c, Relation rel) throws SQLException {
        String sql = rel.isIndex() ? "SELECT coalesce(pg_relation_size(to_regclass(?)), 0)"
                : "SELECT coalesce(pg_indexes_size(to_regclass(?)), 0)";
        return client.queryOne(c, sql, ps -> ps.setString(1, rel.quoted()), rs -> rs.getLong(1));
    }
}
