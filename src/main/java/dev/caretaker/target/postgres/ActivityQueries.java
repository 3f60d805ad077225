package dev.caretaker.target.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What sessions are doing: long-running queries, cancelling or terminating one, and who blocks whom. */
public final class ActivityQueries {

    /** The most rows a listing returns; chat is not the place for more. */
    public static final int MAX_ROWS = 50;

    /** A session that has been busy (or idle inside a transaction) for a while; {@code query} is redacted. */
    public record RunningQuery(int pid, String user, String application, String state, Duration duration,
                               String waitEvent, String query) {
    }

    /** What happened to a cancel or terminate request. */
    public enum SignalOutcome {
        /** The server accepted the signal. */
        SENT,
        /** No session with that pid exists (any more). */
        NO_SUCH_PID,
        /** The pid is one of the bot's own sessions; nothing was sent. */
        OWN_SESSION,
        /** The server refused the signal (the pid had gone between look-up and signal). */
        NOT_SENT
    }

    /** The result of a cancel or terminate request, with what the session was running (redacted). */
    public record Signal(int pid, SignalOutcome outcome, String user, Optional<Duration> duration, String query) {
    }

    /** One edge of a blocking chain: {@code blockedPid} waits for a lock {@code blockingPid} holds. */
    public record LockWait(int blockedPid, String blockedUser, Duration waiting, String wantedMode, String lockType,
                           String relation, String blockedQuery, int blockingPid, String blockingUser,
                           String blockingState, Duration blockingFor, String blockingQuery) {
    }

    /** Every wait, longest first, and the root blockers: pids that block others and wait for nobody. */
    public record LockReport(List<LockWait> waits, List<Integer> rootBlockers) {
    }

    static final String LONG_QUERIES = "SELECT pid, coalesce(usename, ''), coalesce(application_name, ''), state, "
            + "extract(epoch FROM now() - CASE WHEN state = 'active' THEN query_start ELSE state_change END), "
            + "coalesce(wait_event_type || ':' || wait_event, ''), coalesce(query, '') "
            + "FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() "
            + "AND state IN ('active', 'idle in transaction', 'idle in transaction (aborted)') "
            + "AND now() - CASE WHEN state = 'active' THEN query_start ELSE state_change END >= make_interval(secs => ?) "
            + "ORDER BY 5 DESC LIMIT " + MAX_ROWS;

    /**
     * Direct waits from {@code pg_blocking_pids}; the relation is the one the waiter asks for, or, for a row
     * lock (which waits on the holder's transaction id), the table of the tuple lock it already holds.
     */
    public static final String LOCK_WAITS = "SELECT w.pid, coalesce(w.usename, ''), "
            + "extract(epoch FROM now() - coalesce(w.state_change, w.query_start)), "
            + "coalesce(wl.mode, ''), coalesce(wl.locktype, ''), "
            + "coalesce(wl.relation::regclass::text, (SELECT t.relation::regclass::text FROM pg_locks t "
            + "  WHERE t.pid = w.pid AND t.locktype = 'tuple' LIMIT 1), ''), coalesce(w.query, ''), "
            + "b.pid, coalesce(b.usename, ''), coalesce(b.state, ''), "
            + "extract(epoch FROM now() - coalesce(b.xact_start, b.query_start, b.backend_start)), coalesce(b.query, '') "
            + "FROM pg_stat_activity w "
            + "CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocker(pid) "
            + "JOIN pg_stat_activity b ON b.pid = blocker.pid "
            + "LEFT JOIN LATERAL (SELECT l.mode, l.locktype, l.relation FROM pg_locks l "
            + "  WHERE l.pid = w.pid AND NOT l.granted LIMIT 1) wl ON true "
            + "WHERE cardinality(pg_blocking_pids(w.pid)) > 0 "
            + "ORDER BY 3 DESC, 1, 8 LIMIT " + MAX_ROWS;

    private final PostgresClient client;

    ActivityQueries(PostgresClient client) {
        this.client = client;
    }

    /** Sessions busy for at least {@code min}, longest first. */
    public List<RunningQuery> longQueries(Duration min) throws PostgresException {
        return client.withConnection(client.settings().statementTimeout(), c -> client.query(c, LONG_QUERIES,
                ps -> ps.setDouble(1, min.toMillis() / 1000.0),
                rs -> new RunningQuery(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        PostgresClient.seconds(rs.getDouble(5)), rs.getString(6),
                        QueryText.shorten(rs.getString(7), QueryText.MAX_LENGTH))));
    }

    /** Cancels the running statement of {@code pid} ({@code pg_cancel_backend}); refuses the bot's own sessions. */
    public Signal cancel(int pid) throws PostgresException {
        return signal(pid, "pg_cancel_backend");
    }

    /** Ends the session of {@code pid} ({@code pg_terminate_backend}); refuses the bot's own sessions. */
    public Signal terminate(int pid) throws PostgresException {
        return signal(pid, "pg_terminate_backend");
    }

    private Signal signal(int pid, String function) throws PostgresException {
        return client.withConnection(client.settings().statementTimeout(), c -> {
            record Target(String user, String app, Optional<Duration> duration, String query) {
            }
            List<Target> found = client.query(c, "SELECT coalesce(usename, ''), coalesce(application_name, ''), "
                            + "extract(epoch FROM now() - query_start), coalesce(query, '') FROM pg_stat_activity WHERE pid = ?",
                    ps -> ps.setInt(1, pid), rs -> {
                        double secs = rs.getDouble(3);
                        Optional<Duration> d = rs.wasNull() ? Optional.empty() : Optional.of(PostgresClient.seconds(secs));
                        return new Target(rs.getString(1), rs.getString(2), d, QueryText.shorten(rs.getString(4), QueryText.MAX_LENGTH));
                    });
            if (found.isEmpty()) {
                return new Signal(pid, SignalOutcome.NO_SUCH_PID, "", Optional.empty(), "");
            }
            Target t = found.get(0);
            if (isOwn(c, pid, t.app())) {
                return new Signal(pid, SignalOutcome.OWN_SESSION, t.user(), t.duration(), t.query());
            }
            // function is one of two constants above, never user text
            boolean sent = client.queryOne(c, "SELECT " + function + "(?)", ps -> ps.setInt(1, pid), rs -> rs.getBoolean(1));
            return new Signal(pid, sent ? SignalOutcome.SENT : SignalOutcome.NOT_SENT, t.user(), t.duration(), t.query());
        });
    }

    private boolean isOwn(Connection c, int pid, String application) throws SQLException {
        return pid == PostgresClient.backendPid(c) || client.ownPids().contains(pid)
                || PostgresClient.APPLICATION_NAME.equals(application);
    }

    /** Current lock waits and their root blockers. */
    public LockReport locks() throws PostgresException {
        List<LockWait> waits = client.withConnection(client.settings().statementTimeout(), c -> client.query(c, LOCK_WAITS,
                PostgresClient.Binder.NONE, rs -> new LockWait(rs.getInt(1), rs.getString(2),
                        PostgresClient.seconds(rs.getDouble(3)), rs.getString(4), rs.getString(5), rs.getString(6),
                        QueryText.shorten(rs.getString(7), QueryText.MAX_LENGTH), rs.getInt(8), rs.getString(9),
                        rs.getString(10), PostgresClient.seconds(rs.getDouble(11)),
                        QueryText.shorten(rs.getString(12), QueryText.MAX_LENGTH))));
        Set<Integer> blocked = new LinkedHashSet<>();
        for (LockWait w : waits) {
            blocked.add(w.blockedPid());
        }
        Set<Integer> roots = new LinkedHashSet<>();
        for (LockWait w : waits) {
            if (!blocked.contains(w.blockingPid())) {
                roots.add(w.blockingPid());
            }
        }
        return new LockReport(waits, new ArrayList<>(roots));
    }
}
