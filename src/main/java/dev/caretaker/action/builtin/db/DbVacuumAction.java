package dev.caretaker.action.builtin.db;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * {@code db vacuum [table] [full=false] [analyze=true]}: plain VACUUM, which blocks nobody. {@code full=true}
 * is answered with a pointer to {@code db vacuum-full}, whose declaration asks for confirmation, because
 * confirmation belongs to a whole command.
 */
@Singleton
@Named("db.vacuum")
public final class DbVacuumAction extends DbAction {

    public DbVacuumAction(PostgresTargets targets) {
        super(targets);
    }

    @Override
    ActionResult run(ActionContext context, PostgresClient db) throws PostgresException {
        if (context.args().bool("full")) {
            return ActionResult.failed(DbMaintenanceMessages.dbVacuumFullUseCommand(context.args().string("table").orElse(null)));
        }
        return DbVacuumRunner.run(context, db, false);
    }
}
