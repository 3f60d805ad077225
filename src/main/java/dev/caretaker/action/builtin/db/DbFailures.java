package dev.caretaker.action.builtin.db;

import dev.caretaker.reply.Messages;
import dev.caretaker.target.postgres.PostgresException;
import dev.caretaker.target.postgres.PostgresSettings;

/** The one sentence a user reads for each kind of PostgreSQL failure. */
public final class DbFailures {

    private DbFailures() {
    }

    public static String sentence(PostgresException e, PostgresSettings settings) {
        String t = e.target();
        return switch (e.kind()) {
            case UNREACHABLE -> Messages.dbUnreachable(t, e.detail());
            case CONNECTION_LOST -> Messages.dbConnectionLost(t);
            case TIMEOUT -> Messages.dbTimedOut(t, e.timeout());
            case CANCELLED -> Messages.dbCancelled(t);
            case LOCK_TIMEOUT -> Messages.dbLockTimeout(t, settings.lockTimeout());
            case PERMISSION -> Messages.dbPermission(t, e.detail());
            case READ_ONLY -> Messages.dbReadOnly(t);
            case NOT_FOUND -> Messages.dbNotFound(t, e.detail());
            case OTHER -> Messages.dbError(t, e.detail());
        };
    }
}
