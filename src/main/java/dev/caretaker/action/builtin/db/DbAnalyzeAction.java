package dev.caretaker.action.builtin.db;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.Maintenance;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** {@code db analyze [table]}: refreshes planner statistics of one table or the whole database. */
@Singleton
@Named("db.analyze")
public final class DbAnalyzeAction extends DbAction {

    public DbAnalyzeAction(PostgresTargets targets) {
        super(targets);
    }

    @Override
    ActionResult run(ActionContext context, PostgresClient db) throws PostgresException {
        Maintenance.AnalyzeResult r = db.maintenance().analyze(context.args().string("table"), context.command().timeout());
        String what = r.relation().map(t -> "`" + t + "`").orElse(DbMaintenanceMessages.dbWholeDatabase());
        return ActionResult.ok(Reply.builder().severity(Severity.OK).text(DbMaintenanceMessages.dbAnalyzeDone(what, r.took())).build());
    }
}
