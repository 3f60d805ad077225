package dev.caretaker.store;

import com.zaxxer.hikari.pool.HikariPool;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Recognises a start that failed because Caretaker's own database did not answer, so the runnable can say so
 * without knowing JDBC: only the store talks to that database.
 */
public final class DatabaseStartFailure {

    private DatabaseStartFailure() {
    }

    /**
     * The database's own words (the driver's message, e.g. "Connection to 127.0.0.1:5432 refused") when the
     * connection pool could not open; empty when {@code failure} is something else.
     */
    public static Optional<String> reason(Throwable failure) {
        if (find(failure, HikariPool.PoolInitializationException.class) == null) {
            return Optional.empty();
        }
        SQLException sql = find(failure, SQLException.class);
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = sql != null ? sql.getMessage() : root.getMessage();
        return Optional.of(message == null ? root.getClass().getSimpleName() : message);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
