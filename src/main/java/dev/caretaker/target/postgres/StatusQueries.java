package dev.caretaker.target.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;

/** The health overview behind {@code db status}: one round of catalogue and statistics queries. */
public final class StatusQueries {

    /** Whether {@code pg_stat_statements} can be queried, and if not, what is missing. */
    public enum StatementsAvailability {
        AVAILABLE,
        /** The extension exists but the library is not in {@code shared_preload_libraries}. */
        NOT_LOADED,
        /** {@code CREATE EXTENSION pg_stat_statements} was never run in this database. */
        NOT_INSTALLED
    }

    public record ConnectionState(String state, long count) {
    }

    /** One replica's lag as seen from the primary, or this standby's own lag ({@code name} "this standby"). */
    public record ReplicaLag(String name, String state, Optional<Duration> replayLag, long bytesBehind) {
    }

    public record TableMaintenance(String table, long totalBytes, Optional<Instant> lastVacuum,
                                   Optional<Instant> lastAutovacuum, Optional<Instant> lastAnalyze,
                                   Optional<Instant> lastAutoanalyze) {
    }

    /**
     * @param transactionsPerSecond commits + rollbacks per second since the previous call; empty on the first
     * @param sampledSince          when the previous call was
     */
    public record ServerStatus(String database, String version, int versionNum, Duration uptime, long databaseBytes,
                               int maxConnections, long connectionsUsed, List<ConnectionState> byState,
                               OptionalDouble cacheHitRatio, OptionalDouble transactionsPerSecond,
                               Optional<Instant> sampledSince, Optional<Duration> oldestTransaction,
                               boolean standby, List<ReplicaLag> replicas, List<TableMaintenance> largestTables,
                               StatementsAvailability statements) {

        public double connectionsUsedPercent() {
            return maxConnections == 0 ? 0 : connectionsUsed * 100.0 / maxConnections;
        }
    }

    private record XactSample(long count, Instant at) {
    }

    private final PostgresClient client;
    private final AtomicReference<XactSample> lastSample = new AtomicReference<>();

    StatusQueries(PostgresClient client) {
        this.client = client;
    }

    public ServerStatus read() throws PostgresException {
        return client.withConnection(client.settings().statementTimeout(), this::read);
    }

    private ServerStatus read(Connection c) throws SQLException {
        record Basics(String db, String version, int num, double uptime, long bytes, int max, boolean standby) {
        }
        Basics b = client.queryOne(c, "SELECT current_database(), current_setting('server_version'), "
                        + "current_setting('server_version_num')::int, extract(epoch FROM now() - pg_postmaster_start_time()), "
                        + "pg_database_size(current_database()), current_setting('max_connections')::int, pg_is_in_recovery()",
                rs -> new Basics(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getDouble(4), rs.getLong(5),
                        rs.getInt(6), rs.getBoolean(7)));
        List<ConnectionState> states = client.query(c, "SELECT coalesce(state, 'unknown'), count(*) FROM pg_stat_activity "
                        + "WHERE backend_type = 'client backend' GROUP BY 1 ORDER BY 2 DESC, 1",
                PostgresClient.Binder.NONE, rs -> new ConnectionState(rs.getString(1), rs.getLong(2)));
        long used = states.stream().mapToLong(ConnectionState::count).sum();

        record DbStats(long hit, long read, long xacts) {
        }
        DbStats s = client.queryOne(c, "SELECT blks_hit, blks_read, xact_commit + xact_rollback FROM pg_stat_database "
                + "WHERE datname = current_database()", rs -> new DbStats(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
        OptionalDouble hitRatio = s.hit() + s.read() == 0 ? OptionalDouble.empty()
                : OptionalDouble.of(s.hit() / (double) (s.hit() + s.read()));
        XactSample now = new XactSample(s.xacts(), client.clock().instant());
        XactSample before = lastSample.getAndSet(now);
        OptionalDouble tps = OptionalDouble.empty();
        if (before != null) {
            double secs = Duration.between(before.at(), now.at()).toMillis() / 1000.0;
            if (secs > 0 && now.count() >= before.count()) {
                tps = OptionalDouble.of((now.count() - before.count()) / secs);
            }
        }

        Optional<Duration> oldest = client.queryOne(c, "SELECT extract(epoch FROM max(now() - xact_start)) FROM pg_stat_activity "
                        + "WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
                rs -> {
                    double v = rs.getDouble(1);
                    return rs.wasNull() ? Optional.<Duration>empty() : Optional.of(PostgresClient.seconds(v));
                });

        List<TableMaintenance> largest = client.query(c, "SELECT CASE WHEN schemaname = 'public' THEN relname "
                        + "ELSE schemaname || '.' || relname END, pg_total_relation_size(relid), last_vacuum, last_autovacuum, "
                        + "last_analyze, last_autoanalyze FROM pg_stat_user_tables ORDER BY pg_total_relation_size(relid) DESC, 1 LIMIT 5",
                PostgresClient.Binder.NONE, rs -> new TableMaintenance(rs.getString(1), rs.getLong(2), instant(rs, 3),
                        instant(rs, 4), instant(rs, 5), instant(rs, 6)));

        return new ServerStatus(b.db(), b.version(), b.num(), PostgresClient.seconds(b.uptime()), b.bytes(), b.max(), used,
                states, hitRatio, tps, before == null ? Optional.empty() : Optional.of(before.at()), oldest, b.standby(),
                replicas(c, b.standby()), largest, statementsAvailability(c));
    }

    /** The largest replication lag of any replica (on a primary) or of this standby; empty when there is none. */
    Optional<Duration> replicationLag() throws PostgresException {
        return client.withConnection(client.settings().statementTimeout(), c -> {
            boolean standby = client.queryOne(c, "SELECT pg_is_in_recovery()", rs -> rs.getBoolean(1));
            return replicas(c, standby).stream().map(ReplicaLag::replayLag).flatMap(Optional::stream)
                    .max(Duration::compareTo);
        });
    }

    private List<ReplicaLag> replicas(Connection c, boolean standby) throws SQLException {
        if (standby) {
            // on a standby the lag is how old the last replayed transaction is
            return client.query(c, "SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp()), "
                            + "coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0)::bigint",
                    PostgresClient.Binder.NONE, rs -> {
                        double lag = rs.getDouble(1);
                        Optional<Duration> d = rs.wasNull() ? Optional.empty() : Optional.of(PostgresClient.seconds(lag));
                        return new ReplicaLag("this standby", "recovering", d, rs.getLong(2));
                    });
        }
        return client.query(c, "SELECT coalesce(nullif(application_name, ''), host(client_addr), pid::text), state, "
                        + "extract(epoch FROM replay_lag), coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0)::bigint "
                        + "FROM pg_stat_replication ORDER BY 1",
                PostgresClient.Binder.NONE, rs -> {
                    String n = rs.getString(1);
                    String state = rs.getString(2);
                    double lag = rs.getDouble(3);
                    Optional<Duration> d = rs.wasNull() ? Optional.empty() : Optional.of(PostgresClient.seconds(lag));
                    return new ReplicaLag(n, state, d, rs.getLong(4));
                });
    }

    StatementsAvailability statementsAvailability(Connection c) throws SQLException {
        record Ext(boolean installed, boolean loaded) {
        }
        Ext e = client.queryOne(c, "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'), "
                        + "current_setting('shared_preload_libraries') ~ '(^|[ ,])pg_stat_statements([ ,]|$)'",
                rs -> new Ext(rs.getBoolean(1), rs.getBoolean(2)));
        if (!e.installed()) {
            return StatementsAvailability.NOT_INSTALLED;
        }
        return e.loaded() ? StatementsAvailability.AVAILABLE : StatementsAvailability.NOT_LOADED;
    }

    private static Optional<Instant> instant(java.sql.ResultSet rs, int column) throws SQLException {
        java.sql.Timestamp t = rs.getTimestamp(column);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }
}
