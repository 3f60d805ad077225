package dev.caretaker.action.builtin.db;

import dev.caretaker.target.postgres.PostgresException;
import dev.caretaker.target.postgres.PostgresSettings;

/** The one sentence a user reads for each kind of PostgreSQL failure. */
public final class DbFailures {

    private DbFailures() {
    }

    public static String sentence(PostgresException e, PostgresSettings settings) {
        String t = e.target();
        return switch (e.kind()) {
            case UNREACHABLE -> DbMessages.dbUnreachable(t, e.detail());
            case BUSY -> DbMessages.dbBusy(t, settings.maxConnections());
            case CONNECTION_LOST -> DbMessages.dbConnectionLost(t);
            case TIMEOUT -> DbMessages.dbTimedOut(t, e.timeout());
            case CANCELLED -> DbMessages.dbCancelled(t);
            case LOCK_TIMEOUT -> DbMessages.dbLockTimeout(t, settings.lockTimeout());
            case PERMISSION -> DbMessages.dbPermission(t, e.detail());
            case READ_ONLY -> DbMessages.dbReadOnly(t);
            case NOT_FOUND -> DbMessages.dbNotFound(t, e.detail());
            case OTHER -> DbMessages.dbError(t, e.detail());
        };
    }
}
