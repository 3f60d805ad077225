package dev.caretaker.action.builtin.db;

import dev.caretaker.action.builtin.BuiltinFormat;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Format;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.target.postgres.Maintenance;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresException;

import java.util.List;
import java.util.Optional;

/** Runs VACUUM for {@code db vacuum} and {@code db vacuum-full}: progress into one message, before / after figures. */
final class DbVacuumRunner {

    private DbVacuumRunner() {
    }

    static ActionResult run(ActionContext context, PostgresClient db, boolean full) throws PostgresException {
        Optional<String> table = context.args().string("table");
        boolean analyze = !context.args().has("analyze") || context.args().bool("analyze");
        String what = table.map(t -> "`" + t + "`").orElse(DbMaintenanceMessages.dbWholeDatabase());
        context.progress().update(DbMaintenanceMessages.dbVacuumStarting(what));
        Maintenance.VacuumResult r = db.maintenance().vacuum(table, full, analyze, context.command().timeout(),
                p -> context.progress().update(DbMaintenanceMessages.dbVacuumProgress(p.relation(), p.phase(),
                        p.blocksDone(), p.blocksTotal())));
        String done = r.relation().map(t -> "`" + t + "`").orElse(DbMaintenanceMessages.dbWholeDatabase());
        String after = r.deadAfter().isPresent() ? BuiltinFormat.count(r.deadAfter().getAsLong())
                : DbMaintenanceMessages.dbDeadAfterUnknown();
        String removed = r.deadAfter().isPresent()
                ? BuiltinFormat.count(Math.max(0, r.deadBefore() - r.deadAfter().getAsLong())) : BuiltinFormat.NONE;
        return ActionResult.ok(Reply.builder().header(DbMaintenanceMessages.dbVacuumDone(done, full, r.took()))
                .severity(Severity.OK)
                .fields(List.of(
                        new Block.Field(DbMaintenanceMessages.deadBeforeLabel(), BuiltinFormat.count(r.deadBefore())),
                        new Block.Field(DbMaintenanceMessages.deadAfterLabel(), after),
                        new Block.Field(DbMaintenanceMessages.removedLabel(), removed),
                        new Block.Field(DbMaintenanceMessages.sizeBeforeLabel(), BuiltinFormat.bytes(r.bytesBefore())),
                        new Block.Field(DbMaintenanceMessages.sizeAfterLabel(), BuiltinFormat.bytes(r.bytesAfter())),
                        new Block.Field(DbMaintenanceMessages.tookLabel(), Format.humanPrecise(r.took())),
                        new Block.Field(DbMaintenanceMessages.statisticsLabel(),
                                DbMaintenanceMessages.statistics(r.analyze()))))
                .build());
    }
}
