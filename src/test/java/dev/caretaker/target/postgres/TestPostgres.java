package dev.caretaker.target.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One embedded PostgreSQL for a test class, listening on 127.0.0.1 only, with a pooled "bot" data source
 * and plain extra sessions that play the application's own connections.
 */
public final class TestPostgres implements AutoCloseable {

    private final EmbeddedPostgres server;
    private final HikariDataSource bot;

    private TestPostgres(EmbeddedPostgres server) {
        this.server = server;
        HikariConfig h = new HikariConfig();
        h.setJdbcUrl(jdbcUrl());
        h.setUsername("postgres");
        h.setMaximumPoolSize(4);
        h.setPoolName("test-bot");
        this.bot = new HikariDataSource(h);
    }

    public static TestPostgres start() throws IOException {
        return start(Map.of());
    }

    public static TestPostgres start(Map<String, String> serverConfig) throws IOException {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1");
        serverConfig.forEach(b::setServerConfig);
        return new TestPostgres(b.start());
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
    }

    public int port() {
        return server.getPort();
    }

    /** The bot's own database, pooled as Micronaut would. */
    public HikariDataSource botDataSource() {
        return bot;
    }

    /** Another session, as an application would open it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "");
    }

    public void execute(String... sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    public long queryLong(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public PostgresClient client(String name, PostgresSettings settings) {
        return new PostgresClient(name, bot, settings, java.time.Clock.systemUTC(),
                dev.caretaker.support.TestScheduler.SCHEDULER);
    }

    /** Polls until the condition holds, failing after {@code max}. */
    public static void await(Duration max, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws IOException {
        bot.close();
        server.close();
    }
}
