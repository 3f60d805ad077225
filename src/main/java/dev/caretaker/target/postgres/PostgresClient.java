package dev.caretaker.target.postgres;

import io.micronaut.scheduling.TaskScheduler;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A JDBC client for one {@code postgres} target: borrows connections with a bounded wait, runs every
 * statement under a timeout, remembers the backend pids it used (so nobody can cancel the bot's own
 * sessions from chat), and turns failures into a classified {@link PostgresException}. The query groups
 * ({@link #status()}, {@link #activity()}, …) and the probe methods are built on it.
 */
public final class PostgresClient {

    /** The {@code application_name} of connections the bot opens; sessions with it are never cancelled. */
    public static final String APPLICATION_NAME = "caretaker";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresClient.class);
    private static final int OWN_PIDS_REMEMBERED = 256;

    private final String name;
    private final DataSource dataSource;
    private final PostgresSettings settings;
    private final Clock clock;
    private final TaskScheduler scheduler;
    private final Set<Integer> ownPids = Collections.synchronizedSet(new LinkedHashSet<>());
    private final StatusQueries status;
    private final ActivityQueries activity;
    private final SizeQueries sizes;
    private final StatementQueries statements;
    private final Maintenance maintenance;
    private final Retention retention;
    private final ReadOnlyQuery readOnly;
    private final BackupQueries backups;

    /**
     * @param scheduler Micronaut's scheduler: vacuum progress polls and the pauses between retention batches
     */
    public PostgresClient(String name, DataSource dataSource, PostgresSettings settings, Clock clock,
                          TaskScheduler scheduler) {
        this.name = Objects.requireNonNull(name, "name");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.status = new StatusQueries(this);
        this.activity = new ActivityQueries(this);
        this.sizes = new SizeQueries(this);
        this.statements = new StatementQueries(this);
        this.maintenance = new Maintenance(this);
        this.retention = new Retention(this);
        this.readOnly = new ReadOnlyQuery(this);
        this.backups = new BackupQueries(this);
    }

    public String name() {
        return name;
    }

    public PostgresSettings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    TaskScheduler scheduler() {
        return scheduler;
    }

    /**
     * Waits {@code pause} on the scheduler (a future it completes then), not by sleeping: the calling virtual
     * thread parks, and an interrupt (the command's timeout) ends the wait at once.
     *
     * @return false when interrupted; the interrupt flag is set again
     */
    boolean pause(Duration pause) {
        if (pause.isZero() || pause.isNegative()) {
            return true;
        }
        try {
            scheduler.schedule(pause, () -> { }).get();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the scheduler failed a pause", e);
        }
    }

    public StatusQueries status() {
        return status;
    }

    public ActivityQueries activity() {
        return activity;
    }

    public SizeQueries sizes() {
        return sizes;
    }

    public StatementQueries statements() {
        return statements;
    }

    public Maintenance maintenance() {
        return maintenance;
    }

    public Retention retention() {
        return retention;
    }

    public ReadOnlyQuery readOnly() {
        return readOnly;
    }

    /** Snapshots, row counts, scratch databases and client settings for backups. */
    public BackupQueries backups() {
        return backups;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Backend pids of sessions this client has used; a snapshot. */
    public Set<Integer> ownPids() {
        synchronized (ownPids) {
            return Set.copyOf(ownPids);
        }
    }

    // ---- probes: plain values for the probe scheduler of later issues ---------------------------------

    /** How long it takes to get a connection and run {@code SELECT 1}. */
    public Duration connectionLatency() throws PostgresException {
        long start = System.nanoTime();
        withConnection(settings.statementTimeout(), c -> queryOne(c, "SELECT 1", rs -> rs.getInt(1)));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Client connections in use as a percentage of {@code max_connections}. */
    public double connectionsUsedPercent() throws PostgresException {
        return withConnection(settings.statementTimeout(), c -> queryOne(c,
                "SELECT count(*) * 100.0 / current_setting('max_connections')::int FROM pg_stat_activity "
                        + "WHERE backend_type = 'client backend'", rs -> rs.getDouble(1)));
    }

    /** Age of the oldest open transaction of any other session; zero when none is open. */
    public Duration longestTransaction() throws PostgresException {
        return withConnection(settings.statementTimeout(), c -> queryOne(c,
                "SELECT coalesce(extract(epoch FROM max(now() - xact_start)), 0) FROM pg_stat_activity "
                        + "WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid()",
                rs -> seconds(rs.getDouble(1))));
    }

    /** The largest replication lag: of a replica behind this primary, or of this standby; empty when neither. */
    public Optional<Duration> replicationLag() throws PostgresException {
        return status.replicationLag();
    }

    /** Size of the current database in bytes. */
    public long databaseSize() throws PostgresException {
        return withConnection(settings.statementTimeout(), c -> queryOne(c,
                "SELECT pg_database_size(current_database())", rs -> rs.getLong(1)));
    }

    /** Dead tuples as a fraction (0 to 1) of all tuples in user tables; empty when there are no rows. */
    public OptionalDouble deadTupleRatio() throws PostgresException {
        return withConnection(settings.statementTimeout(), c -> queryOne(c,
                "SELECT sum(n_dead_tup)::float8 / nullif(sum(n_live_tup) + sum(n_dead_tup), 0) FROM pg_stat_user_tables",
                rs -> {
                    double v = rs.getDouble(1);
                    return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(v);
                }));
    }

    // ---- plumbing for the query groups ----------------------------------------------------------------

    /** Work done on one borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException, PostgresException;
    }

    /** Reads one row. */
    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Binds parameters. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;

        Binder NONE = ps -> {
        };
    }

    /**
     * Borrows a connection, bounds its network reads by {@code timeout} (plus a margin, so a dead server
     * becomes an error, not a hang), runs the work and turns any SQL failure into a {@link PostgresException}.
     */
    <T> T withConnection(Duration timeout, Work<T> work) throws PostgresException {
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw PostgresErrors.connecting(name, e);
        }
        try (c) {
            remember(c);
            c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, timeout.plusSeconds(10).toMillis()));
            return work.run(c);
        } catch (SQLException e) {
            throw PostgresErrors.running(name, e);
        }
    }

    /** The backend pid of a connection, without a round trip. */
    static int backendPid(Connection c) throws SQLException {
        return c.unwrap(PGConnection.class).getBackendPID();
    }

    private void remember(Connection c) throws SQLException {
        int pid = backendPid(c);
        synchronized (ownPids) {
            ownPids.remove(pid);
            ownPids.add(pid);
            if (ownPids.size() > OWN_PIDS_REMEMBERED) {
                ownPids.remove(ownPids.iterator().next());
            }
        }
    }

    PreparedStatement prepare(Connection c, String sql, Duration timeout) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.setQueryTimeout(timeoutSeconds(timeout));
        return ps;
    }

    <T> List<T> query(Connection c, String sql, Binder binder, Row<T> row) throws SQLException {
        return query(c, sql, settings.statementTimeout(), binder, row);
    }

    <T> List<T> query(Connection c, String sql, Duration timeout, Binder binder, Row<T> row) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, timeout)) {
            binder.bind(ps);
            return timed(timeout, () -> {
                try (ResultSet rs = ps.executeQuery()) {
                    List<T> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(row.read(rs));
                    }
                    return out;
                }
            });
        }
    }

    /** Runs an INSERT, UPDATE or DELETE with a timeout; returns the rows it changed. */
    int update(Connection c, String sql, Duration timeout, Binder binder) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, timeout)) {
            binder.bind(ps);
            return timed(timeout, ps::executeUpdate);
        }
    }

    /** A step of work on a connection that is already borrowed. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws SQLException, PostgresException;
    }

    /** A JDBC call that may be cancelled by its query timeout. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws SQLException;
    }

    /**
     * The driver cancels a statement past its query timeout with the same SQLSTATE as anybody's cancel;
     * the elapsed time tells which, so users hear "took too long" rather than "someone cancelled it".
     */
    static <T> T timed(Duration timeout, Call<T> call) throws SQLException {
        long start = System.nanoTime();
        try {
            return call.run();
        } catch (SQLException e) {
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            if (QUERY_CANCELED.equals(e.getSQLState()) && elapsedMs >= timeoutSeconds(timeout) * 1000L - 250) {
                throw new StatementTimeout(timeout, e);
            }
            throw e;
        }
    }

    private static final String QUERY_CANCELED = "57014";

    /** A statement stopped by its own timeout. */
    static final class StatementTimeout extends SQLException {
        private final transient Duration timeout;

        StatementTimeout(Duration timeout, SQLException cause) {
            super(cause.getMessage(), QUERY_CANCELED, cause);
            this.timeout = timeout;
        }

        Duration timeout() {
            return timeout;
        }
    }

    <T> T queryOne(Connection c, String sql, Row<T> row) throws SQLException {
        return queryOne(c, sql, Binder.NONE, row);
    }

    <T> T queryOne(Connection c, String sql, Binder binder, Row<T> row) throws SQLException {
        List<T> rows = query(c, sql, binder, row);
        if (rows.isEmpty()) {
            throw new SQLException("no row from: " + sql);
        }
        return rows.get(0);
    }

    /** Runs a utility statement (VACUUM, REINDEX, SET) with a timeout. */
    void execute(Connection c, String sql, Duration timeout) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, timeout)) {
            timed(timeout, ps::execute);
        }
    }

    /**
     * Runs with the target's {@code lock_timeout} on this session, so a lock that another session holds fails
     * fast instead of queueing everyone else behind the waiting statement; the previous value is restored.
     */
    <T> T withLockTimeout(Connection c, Step<T> call) throws SQLException, PostgresException {
        if (!c.getAutoCommit()) {
            c.setAutoCommit(true);
        }
        String previous = queryOne(c, "SELECT current_setting('lock_timeout')", rs -> rs.getString(1));
        setLockTimeout(c, settings.lockTimeout().toMillis() + "ms");
        boolean ok = false;
        try {
            T result = call.run();
            ok = true;
            return result;
        } finally {
            try {
                setLockTimeout(c, previous);
            } catch (SQLException e) {
                if (ok) {
                    throw e;
                }
                // the call's own failure matters more; a broken connection is dropped by the pool
                LOG.debug("could not restore lock_timeout on {}", name, e);
            }
        }
    }

    private void setLockTimeout(Connection c, String value) throws SQLException {
        queryOne(c, "SELECT set_config('lock_timeout', ?, false)", ps -> ps.setString(1, value), rs -> rs.getString(1));
    }

    /** JDBC timeouts are whole seconds; 0 would mean none, so round up. */
    static int timeoutSeconds(Duration timeout) {
        long s = Math.max(1, (timeout.toMillis() + 999) / 1000);
        return (int) Math.min(Integer.MAX_VALUE, s);
    }

    static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** The server's {@code server_version_num}, e.g. 140022. */
    int serverVersion(Connection c) throws SQLException {
        return queryOne(c, "SELECT current_setting('server_version_num')::int", rs -> rs.getInt(1));
    }
}
