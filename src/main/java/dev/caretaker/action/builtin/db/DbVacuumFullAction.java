package dev.caretaker.action.builtin.db;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** {@code db vacuum-full <table>}: VACUUM FULL rewrites the table under an exclusive lock; declared with confirm. */
@Singleton
@Named("db.vacuum-full")
public final class DbVacuumFullAction extends DbAction {

    public DbVacuumFullAction(PostgresTargets targets) {
        super(targets);
    }

    @Override
    ActionResult run(ActionContext context, PostgresClient db) throws PostgresException {
        return DbVacuumRunner.run(context, db, true);
    }
}
