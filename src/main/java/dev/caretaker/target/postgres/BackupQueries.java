package dev.caretaker.target.postgres;

import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What backups need from a server: the settings for the client programs ({@link #libpq()}), the server's version, a
 * snapshot exported for {@code pg_dump --snapshot} in which the rows of every table are counted (so the counts match
 * the dump exactly), and scratch databases to restore into and count again.
 */
public final class BackupQueries {

    /** The server's version: its major (e.g. 15) and what {@code server_version} says (e.g. {@code 15.18}). */
    public record ServerVersion(int major, String text) {
    }

    /** A database that exists on the server: its size and how many tables it has. */
    public record DatabaseSummary(String name, long bytes, int tables) {
    }

    private static final String USER_TABLES = "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE c.relkind = 'r' AND c.relpersistence <> 't' "
            + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' "
            + "AND n.nspname NOT LIKE 'pg_temp%' "
            // tables that belong to an extension are made by CREATE EXTENSION, not restored as data of their own
            + "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid "
            + "AND d.deptype = 'e')";

    /** Rows of every user table in one statement; FROM ONLY, as pg_dump dumps each child of an inheritance alone. */
    static final String COUNT_ROWS = "SELECT n.nspname || '.' || c.relname, (xpath('/row/n/text()', "
            + "query_to_xml(format('SELECT count(*) AS n FROM ONLY %I.%I', n.nspname, c.relname), false, true, '')))[1]"
            + "::text::bigint " + USER_TABLES + " ORDER BY 1";

    static final String TABLE_COUNT = "SELECT count(*) " + USER_TABLES;

    private final PostgresClient client;

    BackupQueries(PostgresClient client) {
        this.client = client;
    }

    /** Host, port, database and credentials of this target for {@code pg_dump} and friends. */
    public Libpq libpq() throws PostgresException {
        PostgresSettings s = client.settings();
        try {
            if (s.url().isPresent()) {
                return Libpq.fromJdbc(s.url().get(), s.username().orElse(null), s.password().orElse(null));
            }
            HikariDataSource pool = hikari(client.dataSource());
            if (pool != null && pool.getJdbcUrl() != null) {
                return Libpq.fromJdbc(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
            }
        } catch (IllegalArgumentException e) {
            throw new PostgresException(client.name(), PostgresException.Kind.OTHER, "its url cannot be read", null, e);
        }
        throw new PostgresException(client.name(), PostgresException.Kind.OTHER, "its connection settings are unknown",
                null, null);
    }

    private static HikariDataSource hikari(DataSource ds) {
        if (ds instanceof HikariDataSource h) {
            return h;
        }
        try {
            return ds.isWrapperFor(HikariDataSource.class) ? ds.unwrap(HikariDataSource.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    public ServerVersion serverVersion() throws PostgresException {
        return client.withConnection(client.settings().statementTimeout(), c -> client.queryOne(c,
                "SELECT current_setting('server_version_num')::int, current_setting('server_version')",
                rs -> new ServerVersion(rs.getInt(1) / 10000, rs.getString(2).split(" ")[0])));
    }

    /**
     * Opens a read-only repeatable-read transaction and exports its snapshot; keep it open until {@code pg_dump
     * --snapshot} has taken it, and count the rows in it with {@link Snapshot#countRows}.
     */
    public Snapshot exportSnapshot() throws PostgresException {
        Connection c;
        try {
            c = client.dataSource().getConnection();
        } catch (SQLException e) {
            throw PostgresErrors.connecting(client.name(), e);
        }
        try {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            String id;
            try (Statement st = c.createStatement()) {
                // the transaction idles while pg_dump starts; a server-wide idle timeout must not end it
                st.execute("SET LOCAL idle_in_transaction_session_timeout = 0");
                try (ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
                    rs.next();
                    id = rs.getString(1);
                }
            }
            return new Snapshot(client, c, id);
        } catch (SQLException e) {
            close(c);
            throw PostgresErrors.running(client.name(), e);
        }
    }

    /** An exported snapshot held open by one connection. */
    public static final class Snapshot implements AutoCloseable {

        private final PostgresClient client;
        private final Connection connection;
        private final String id;
        private boolean closed;

        private Snapshot(PostgresClient client, Connection connection, String id) {
            this.client = client;
            this.connection = connection;
            this.id = id;
        }

        /** The id for {@code pg_dump --snapshot}. */
        public String id() {
            return id;
        }

        /** Rows of every user table ({@code schema.table}) as this snapshot sees them, i.e. as the dump holds them. */
        public synchronized Map<String, Long> countRows(Duration timeout) throws PostgresException {
            try {
                return BackupQueries.countRows(client, connection, timeout);
            } catch (SQLException e) {
                throw PostgresErrors.running(client.name(), e);
            }
        }

        /** Ends the transaction (and so the snapshot) and returns the connection. */
        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                connection.rollback();
            } catch (SQLException e) {
                // the connection is broken; the pool drops it
            }
            BackupQueries.close(connection);
        }
    }

    private static Map<String, Long> countRows(PostgresClient client, Connection c, Duration timeout) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (PreparedStatement ps = client.prepare(c, COUNT_ROWS, timeout)) {
            PostgresClient.timed(timeout, () -> {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.put(rs.getString(1), rs.getLong(2));
                    }
                }
                return null;
            });
        }
        return counts;
    }

    /** Rows of every user table of another database of this server (a restored scratch database). */
    public Map<String, Long> countRows(String database, Duration timeout) throws PostgresException {
        try (Connection c = connect(database)) {
            return countRows(client, c, timeout);
        } catch (SQLException e) {
            throw PostgresErrors.running(client.name(), e);
        }
    }

    /** The user Caretaker connects as, and whether it is a superuser (only one can give objects to other owners). */
    public record User(String name, boolean superuser) {
    }

    public User user() throws PostgresException {
        return client.withConnection(client.settings().statementTimeout(), c -> client.queryOne(c,
                "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user",
                rs -> new User(rs.getString(1), rs.getBoolean(2))));
    }

    /** The database of this target (its own name on the server). */
    public String currentDatabase() throws PostgresException {
        return client.withConnection(client.settings().statementTimeout(), c -> client.queryOne(c,
                "SELECT current_database()", rs -> rs.getString(1)));
    }

    /** A database of this server, if it exists, with its size and number of tables. */
    public Optional<DatabaseSummary> describe(String database) throws PostgresException {
        Optional<Long> bytes = client.withConnection(client.settings().statementTimeout(), c -> client.query(c,
                "SELECT pg_database_size(oid) FROM pg_database WHERE datname = ?", ps -> ps.setString(1, database),
                rs -> rs.getLong(1)).stream().findFirst());
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = connect(database)) {
            int tables = client.queryOne(c, TABLE_COUNT, rs -> rs.getInt(1));
            return Optional.of(new DatabaseSummary(database, bytes.get(), tables));
        } catch (SQLException e) {
            throw PostgresErrors.running(client.name(), e);
        }
    }

    /** Creates an empty database from {@code template0} (what a restore of a dump expects). */
    public void createDatabase(String database) throws PostgresException {
        client.withConnection(client.settings().statementTimeout(), c -> {
            ensureAutoCommit(c);
            client.execute(c, "CREATE DATABASE " + ident(database) + " TEMPLATE template0", client.settings().statementTimeout());
            return null;
        });
    }

    /** Drops a database if it exists, ending its sessions first. */
    public void dropDatabase(String database) throws PostgresException {
        client.withConnection(client.settings().statementTimeout(), c -> {
            ensureAutoCommit(c);
            if (client.serverVersion(c) >= 130000) {
                client.execute(c, "DROP DATABASE IF EXISTS " + ident(database) + " WITH (FORCE)",
                        client.settings().statementTimeout());
            } else {
                client.query(c, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? "
                        + "AND pid <> pg_backend_pid()", ps -> ps.setString(1, database), rs -> rs.getBoolean(1));
                client.execute(c, "DROP DATABASE IF EXISTS " + ident(database), client.settings().statementTimeout());
            }
            return null;
        });
    }

    private static void ensureAutoCommit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.setAutoCommit(true);
        }
    }

    /** A plain connection to another database of this server, with the target's credentials. */
    private Connection connect(String database) throws PostgresException {
        Libpq l = libpq();
        Properties p = new Properties();
        if (l.user() != null) {
            p.setProperty("user", l.user());
        }
        if (l.password() != null) {
            p.setProperty("password", l.password());
        }
        if (l.sslMode() != null) {
            p.setProperty("sslmode", l.sslMode());
        }
        p.setProperty("ApplicationName", PostgresClient.APPLICATION_NAME);
        long connect = Math.max(1, client.settings().connectTimeout().toSeconds());
        p.setProperty("connectTimeout", String.valueOf(connect));
        p.setProperty("loginTimeout", String.valueOf(connect));
        String url = "jdbc:postgresql://" + l.host() + ":" + l.port() + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
        try {
            return DriverManager.getConnection(url, p);
        } catch (SQLException e) {
            throw PostgresErrors.connecting(client.name(), e);
        }
    }

    /** A quoted identifier (double quotes doubled), so any database name is taken as a name. */
    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // nothing more to do with a connection that will not close
        }
    }
}
