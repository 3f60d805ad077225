package dev.caretaker.target.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the target's retention rules: counts what each would delete, or deletes it in batches of
 * {@code retention-batch-size} rows, each batch its own short transaction, pausing {@code retention-pause}
 * between batches so no lock is held long and replicas keep up.
 */
public final class Retention {

    /** What one rule would delete: rows older than {@code cutoff} (fixed when the count ran). */
    public record RuleCount(RetentionRule rule, String table, Instant cutoff, long rows) {
    }

    /** What one rule deleted, in how many batches. */
    public record RuleRun(RetentionRule rule, String table, Instant cutoff, long deleted, int batches, Duration took) {
    }

    /** Told after every batch, so a long run can show progress. */
    @FunctionalInterface
    public interface Listener {
        void batch(RuleRun soFar);
    }

    /** A rule checked against the catalogue: quoted table and column, and the SQL condition for old rows. */
    private record Checked(RetentionRule rule, Relation table, String condition) {
    }

    private final PostgresClient client;
    private final Relations relations;

    Retention(PostgresClient client) {
        this.client = client;
        this.relations = new Relations(client);
    }

    public List<RetentionRule> rules() {
        return client.settings().retention();
    }

    /** Counts, per rule, the rows a real run would delete now; deletes nothing. */
    public List<RuleCount> dryRun(Duration timeout) throws PostgresException {
        return client.withConnection(timeout, c -> {
            return client.withLockTimeout(c, () -> {
                List<RuleCount> out = new ArrayList<>();
                for (RetentionRule rule : rules()) {
                    Checked checked = check(c, rule);
                    OffsetDateTime cutoff = cutoff(c, rule);
                    long rows = client.queryOne(c, "SELECT count(*) FROM " + checked.table().quoted() + " WHERE "
                            + checked.condition(), ps -> ps.setObject(1, cutoff), rs -> rs.getLong(1));
                    out.add(new RuleCount(rule, checked.table().display(), cutoff.toInstant(), rows));
                }
                return out;
            });
        });
    }

    /**
     * Deletes old rows rule by rule. The cutoff is fixed per rule when it starts, so rows that age while it
     * runs wait for the next run; the whole run stops with a timeout error once {@code timeout} has passed.
     */
    public List<RuleRun> run(Duration timeout, Listener listener) throws PostgresException {
        long deadline = System.nanoTime() + timeout.toNanos();
        return client.withConnection(timeout, c -> {
            // each DELETE is its own short transaction; waits on application row locks end at the lock timeout
            return client.withLockTimeout(c, () -> {
                List<RuleRun> out = new ArrayList<>();
                for (RetentionRule rule : rules()) {
                    out.add(runRule(c, check(c, rule), deadline, timeout, listener));
                }
                return out;
            });
        });
    }

    private RuleRun runRule(Connection c, Checked checked, long deadline, Duration timeout, Listener listener)
            throws SQLException, PostgresException {
        PostgresSettings s = client.settings();
        OffsetDateTime cutoff = cutoff(c, checked.rule());
        String quoted = checked.table().quoted();
        // ctid batches use a TID scan; a partitioned table needs tableoid too, as ctids repeat across partitions
        String delete = checked.table().isPartitioned()
                ? "DELETE FROM " + quoted + " WHERE (tableoid, ctid) IN (SELECT tableoid, ctid FROM " + quoted
                + " WHERE " + checked.condition() + " LIMIT ?)"
                : "DELETE FROM " + quoted + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + quoted
                + " WHERE " + checked.condition() + " LIMIT ?))";
        long start = System.nanoTime();
        long deleted = 0;
        int batches = 0;
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new PostgresException(client.name(), PostgresException.Kind.TIMEOUT, "retention", timeout, null);
            }
            int n = client.update(c, delete, s.statementTimeout(), ps -> {
                ps.setObject(1, cutoff);
                ps.setInt(2, s.retentionBatchSize());
            });
            if (n == 0) {
                break;
            }
            deleted += n;
            batches++;
            listener.batch(new RuleRun(checked.rule(), checked.table().display(), cutoff.toInstant(), deleted, batches,
                    Duration.ofNanos(System.nanoTime() - start)));
            if (n < s.retentionBatchSize()) {
                break;
            }
            // Micronaut's scheduler ends the pause; an interrupt (the command's timeout) ends the run like the deadline
            if (!client.pause(s.retentionPause())) {
                throw new PostgresException(client.name(), PostgresException.Kind.TIMEOUT, "retention", timeout, null);
            }
        }
        return new RuleRun(checked.rule(), checked.table().display(), cutoff.toInstant(), deleted, batches,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private Checked check(Connection c, RetentionRule rule) throws SQLException, PostgresException {
        Relation table = relations.resolve(c, rule.table(), "rp");
        String column = relations.timestampColumn(c, table, rule.column())
                .orElseThrow(() -> PostgresException.notFound(client.name(), rule.table() + "." + rule.column()));
        // where comes from the operator's config, never from chat; it is one parenthesised condition
        String condition = column + " < ?" + rule.where().map(w -> " AND (" + w + ")").orElse("");
        return new Checked(rule, table, condition);
    }

    private OffsetDateTime cutoff(Connection c, RetentionRule rule) throws SQLException {
        return client.queryOne(c, "SELECT now() - make_interval(secs => ?)", ps -> ps.setDouble(1, rule.keep().toSeconds()),
                rs -> rs.getObject(1, OffsetDateTime.class));
    }
}
