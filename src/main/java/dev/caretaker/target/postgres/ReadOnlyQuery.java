package dev.caretaker.target.postgres;

import org.postgresql.util.PGInterval;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one operator-declared query in a read-only transaction with a server-side {@code statement_timeout};
 * parameters are always bound, and the transaction is rolled back whatever happens, so nothing can change.
 */
public final class ReadOnlyQuery {

    /** Column names and up to {@code maxRows} rows as text; {@code capped} when more rows existed. */
    public record Result(List<String> columns, List<List<String>> rows, boolean capped) {
    }

    private final PostgresClient client;

    ReadOnlyQuery(PostgresClient client) {
        this.client = client;
    }

    /**
     * @param sql        JDBC text with {@code ?} for each parameter
     * @param parameters Long, Boolean, Duration (bound as an interval) or anything else (bound as text of unknown
     *                   type, so the server infers it from the context, as for a literal)
     */
    public Result run(String sql, List<Object> parameters, Duration timeout, int maxRows) throws PostgresException {
        return client.withConnection(timeout, c -> {
            c.setAutoCommit(false);
            SQLException failure = null;
            try {
                client.execute(c, "SET TRANSACTION READ ONLY", timeout);
                client.queryOne(c, "SELECT set_config('statement_timeout', ?, true)",
                        ps -> ps.setString(1, timeout.toMillis() + "ms"), rs -> rs.getString(1));
                try (PreparedStatement ps = client.prepare(c, sql, timeout)) {
                    ps.setMaxRows(maxRows + 1);
                    for (int i = 0; i < parameters.size(); i++) {
                        bind(ps, i + 1, parameters.get(i));
                    }
                    return PostgresClient.timed(timeout, () -> read(ps, maxRows));
                }
            } catch (SQLException e) {
                failure = e;
                throw e;
            } finally {
                try {
                    c.rollback();
                    c.setAutoCommit(true);
                } catch (SQLException e) {
                    // after a lost connection the rollback fails too; the first failure is the one to report
                    if (failure == null) {
                        throw e;
                    }
                    failure.addSuppressed(e);
                }
            }
        });
    }

    private static Result read(PreparedStatement ps, int maxRows) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnLabel(i));
            }
            List<List<String>> rows = new ArrayList<>();
            boolean capped = false;
            while (rs.next()) {
                if (rows.size() == maxRows) {
                    capped = true;
                    break;
                }
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    String v = rs.getString(i);
                    row.add(v == null ? "NULL" : v);
                }
                rows.add(row);
            }
            return new Result(columns, rows, capped);
        }
    }

    private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value instanceof Long l) {
            ps.setLong(index, l);
        } else if (value instanceof Boolean b) {
            ps.setBoolean(index, b);
        } else if (value instanceof Duration d) {
            PGInterval interval = new PGInterval();
            interval.setSeconds(d.toMillis() / 1000.0);
            ps.setObject(index, interval);
        } else if (value == null) {
            ps.setNull(index, Types.OTHER);
        } else {
            ps.setObject(index, value.toString(), Types.OTHER);
        }
    }
}
