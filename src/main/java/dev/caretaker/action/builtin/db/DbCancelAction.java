package dev.caretaker.action.builtin.db;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** {@code db cancel <pid>}: cancels a session's running statement; never one of the bot's own sessions. */
@Singleton
@Named("db.cancel")
public final class DbCancelAction extends DbAction {

    public DbCancelAction(PostgresTargets targets) {
        super(targets);
    }

    @Override
    ActionResult run(ActionContext context, PostgresClient db) throws PostgresException {
        return DbSignal.send(context, db, false);
    }
}
