package dev.caretaker.store;

import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

/** How Caretaker's own database is doing, for {@code status}: one query, five seconds at most. */
@Singleton
public class DatabaseStatus {

    /** What the database answered, or why it did not. */
    public sealed interface Health {
        /** It answered: its version, its size, the sessions on it, and how long the answer took. */
        record Up(String version, String size, long connections, Duration answeredIn) implements Health {
        }

        /** It did not answer; {@code sqlState} says why, when the driver knew. */
        record Down(String sqlState) implements Health {
        }
    }

    private final Sql sql;

    DatabaseStatus(Sql sql) {
        this.sql = sql;
    }

    public Health check() {
        long start = System.nanoTime();
        try {
            return sql.run("check the database", c -> query(c, start));
        } catch (StoreException e) {
            return new Health.Down(e.getCause() instanceof java.sql.SQLException s ? s.getSQLState() : null);
        } catch (RuntimeException e) {
            // no connection could be had from the pool at all
            java.sql.SQLException s = find(e);
            return new Health.Down(s == null ? null : s.getSQLState());
        }
    }

    private static Health query(Connection c, long start) throws java.sql.SQLException {
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout(5);
            try (ResultSet rs = st.executeQuery(
                    "select current_setting('server_version'), pg_size_pretty(pg_database_size(current_database())), "
                            + "(select count(*) from pg_stat_activity where datname = current_database())")) {
                rs.next();
                return new Health.Up(rs.getString(1), rs.getString(2), rs.getLong(3),
                        Duration.ofNanos(System.nanoTime() - start));
            }
        }
    }

    private static java.sql.SQLException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s) {
                return s;
            }
        }
        return null;
    }
}
