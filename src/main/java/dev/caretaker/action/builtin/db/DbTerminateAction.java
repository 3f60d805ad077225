package dev.caretaker.action.builtin.db;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** {@code db terminate <pid>}: ends a session (its transaction rolls back); never one of the bot's own sessions. */
@Singleton
@Named("db.terminate")
public final class DbTerminateAction extends DbAction {

    public DbTerminateAction(PostgresTargets targets) {
        super(targets);
    }

    @Override
    ActionResult run(ActionContext context, PostgresClient db) throws PostgresException {
        return DbSignal.send(context, db, true);
    }
}
