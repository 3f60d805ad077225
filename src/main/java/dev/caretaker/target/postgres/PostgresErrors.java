package dev.caretaker.target.postgres;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Classifies JDBC failures by SQLSTATE into {@link PostgresException.Kind}s; the one place that knows the codes. */
final class PostgresErrors {

    private PostgresErrors() {
    }

    /** A failure while getting a connection. */
    static PostgresException connecting(String target, SQLException e) {
        if (poolExhausted(e)) {
            return new PostgresException(target, PostgresException.Kind.BUSY, "", null, e);
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("28")) {
            return new PostgresException(target, PostgresException.Kind.UNREACHABLE, "authentication failed", null, e);
        }
        if (state.equals("3D000")) {
            return new PostgresException(target, PostgresException.Kind.UNREACHABLE, "database does not exist", null, e);
        }
        return new PostgresException(target, PostgresException.Kind.UNREACHABLE, firstLine(e), null, e);
    }

    /** A failure while running a statement. */
    static PostgresException running(String target, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        PostgresException.Kind kind;
        if (poolExhausted(e)) {
            kind = PostgresException.Kind.BUSY;
        } else if (e instanceof SQLTransientConnectionException) {
            kind = PostgresException.Kind.UNREACHABLE;
        } else if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
            kind = PostgresException.Kind.CONNECTION_LOST;
        } else if (e instanceof PostgresClient.StatementTimeout t) {
            return new PostgresException(target, PostgresException.Kind.TIMEOUT, firstLine(e), t.timeout(), e);
        } else if (state.equals("57014")) {
            kind = firstLine(e).contains("statement timeout") ? PostgresException.Kind.TIMEOUT
                    : PostgresException.Kind.CANCELLED;
        } else if (state.equals("55P03")) {
            kind = PostgresException.Kind.LOCK_TIMEOUT;
        } else if (state.equals("42501")) {
            kind = PostgresException.Kind.PERMISSION;
        } else if (state.equals("25006")) {
            kind = PostgresException.Kind.READ_ONLY;
        } else {
            kind = PostgresException.Kind.OTHER;
        }
        return new PostgresException(target, kind, firstLine(e), null, e);
    }

    /**
     * The target's pool had no connection free within the connect timeout: every one is held by another command (the
     * pool says so without a cause; when the server cannot be reached, the cause is the failed connection attempt).
     */
    static boolean poolExhausted(SQLException e) {
        return e instanceof SQLTransientConnectionException && e.getCause() == null && e.getMessage() != null
                && e.getMessage().contains("Connection is not available");
    }

    /** The first line of the server's message, without the driver's "ERROR: " prefix or position hints. */
    static String firstLine(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl);
        }
        if (m.startsWith("ERROR: ")) {
            m = m.substring("ERROR: ".length());
        }
        return m.strip();
    }
}
