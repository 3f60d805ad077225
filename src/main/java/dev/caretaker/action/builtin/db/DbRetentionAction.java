package dev.caretaker.action.builtin.db;

import dev.caretaker.action.builtin.BuiltinFormat;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.command.Durations;
import dev.caretaker.reply.Format;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresException;
import dev.caretaker.target.postgres.Retention;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code db retention [dry-run=true]}: per retention rule, how many old rows there are, or (dry-run=false)
 * delete them in short batches with progress.
 */
@Singleton
@Named("db.retention")
public final class DbRetentionAction extends DbAction {

    public DbRetentionAction(PostgresTargets targets) {
        super(targets);
    }

    @Override
    ActionResult run(ActionContext context, PostgresClient db) throws PostgresException {
        Retention retention = db.retention();
        if (retention.rules().isEmpty()) {
            return ActionResult.failed(DbMaintenanceMessages.dbRetentionNoRules(db.name()));
        }
        boolean dryRun = !context.args().has("dry-run") || context.args().bool("dry-run");
        List<List<String>> rows = new ArrayList<>();
        if (dryRun) {
            for (Retention.RuleCount c : retention.dryRun(context.command().timeout())) {
                rows.add(List.of(c.table(), c.rule().column(), Durations.format(c.rule().keep()),
                        c.rule().where().orElse(BuiltinFormat.NONE), c.cutoff().toString(), BuiltinFormat.count(c.rows())));
            }
            return ActionResult.ok(Reply.builder().header(DbMaintenanceMessages.dbRetentionDryRunHeader(db.name()))
                    .table(DbMaintenanceMessages.retentionDryRunColumns(), rows)
                    .text(DbMaintenanceMessages.dbRetentionDryRunHint()).build());
        }
        List<Retention.RuleRun> runs = retention.run(context.command().timeout(),
                r -> context.progress().update(DbMaintenanceMessages.dbRetentionProgress(r.table(), r.deleted(), r.batches())));
        for (Retention.RuleRun r : runs) {
            rows.add(List.of(r.table(), Durations.format(r.rule().keep()), r.cutoff().toString(), BuiltinFormat.count(r.deleted()),
                    String.valueOf(r.batches()), Format.humanPrecise(r.took())));
        }
        return ActionResult.ok(Reply.builder().header(DbMaintenanceMessages.dbRetentionHeader(db.name())).severity(Severity.OK)
                .table(DbMaintenanceMessages.retentionColumns(), rows).build());
    }
}
