package dev.caretaker.target.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** The slowest statements from {@code pg_stat_statements}, by mean and by total time. */
public final class StatementQueries {

    /** One normalized statement; {@code query} is redacted and shortened. */
    public record SlowStatement(long calls, Duration total, Duration mean, long rows, String query) {
    }

    /** Either the two rankings, or why they are not available. */
    public record SlowStatements(StatusQueries.StatementsAvailability availability, List<SlowStatement> byMean,
                                 List<SlowStatement> byTotal) {
    }

    private final PostgresClient client;

    StatementQueries(PostgresClient client) {
        this.client = client;
    }

    public SlowStatements top(int limit) throws PostgresException {
        return client.withConnection(client.settings().statementTimeout(), c -> {
            StatusQueries.StatementsAvailability a = client.status().statementsAvailability(c);
            if (a != StatusQueries.StatementsAvailability.AVAILABLE) {
                return new SlowStatements(a, List.of(), List.of());
            }
            return new SlowStatements(a, ranked(c, "mean", limit), ranked(c, "total", limit));
        });
    }

    private List<SlowStatement> ranked(Connection c, String by, int limit) throws SQLException {
        // the view lives in the extension's schema; both names come from the catalogue, quoted by the server
        String view = client.queryOne(c, "SELECT quote_ident(n.nspname) || '.pg_stat_statements' FROM pg_extension e "
                + "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements'", rs -> rs.getString(1));
        boolean v13 = client.serverVersion(c) >= 130000;
        String total = v13 ? "total_exec_time" : "total_time";
        String mean = v13 ? "mean_exec_time" : "mean_time";
        String order = by.equals("mean") ? mean : total;
        return client.query(c, "SELECT calls, " + total + ", " + mean + ", rows, query FROM " + view
                        + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                        + "ORDER BY " + order + " DESC LIMIT ?",
                ps -> ps.setInt(1, limit),
                rs -> new SlowStatement(rs.getLong(1), millis(rs.getDouble(2)), millis(rs.getDouble(3)), rs.getLong(4),
                        QueryText.shorten(rs.getString(5), QueryText.MAX_LENGTH)));
    }

    private static Duration millis(double ms) {
        return Duration.ofNanos(Math.round(ms * 1_000_000));
    }
}
