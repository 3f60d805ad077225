package dev.caretaker.backup;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.target.TargetSpec;
import dev.caretaker.target.Targets;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code backup prune [dry-run=true] [target]}: applies retention, by default only saying what would go; the only
 * verified backup and the newest one always stay.
 */
@Singleton
@Named("backup.prune")
public final class BackupPruneAction implements Action {

    private final Pruner pruner;
    private final BackupService backups;
    private final Targets targets;
    private final Clock clock;

    public BackupPruneAction(Pruner pruner, BackupService backups, Targets targets, Clock clock) {
        this.pruner = pruner;
        this.backups = backups;
        this.targets = targets;
        this.clock = clock;
    }

    @Override
    public ActionResult run(ActionContext context) {
        boolean dryRun = !context.args().has("dry-run") || context.args().bool("dry-run");
        Optional<String> named = context.args().string("target");
        List<String> names;
        if (named.isPresent()) {
            try {
                names = List.of(backups.target(named).name());
            } catch (BackupException e) {
                return ActionResult.failed(e.getMessage());
            }
        } else {
            names = pruner.targetsWithBackups();
        }
        if (names.isEmpty()) {
            return ActionResult.ok(Reply.builder().severity(Severity.INFO).text(BackupMessages.pruneNothing()).build());
        }
        Reply.Builder r = Reply.builder().severity(Severity.OK);
        boolean problems = false;
        for (String name : names) {
            Pruner.Result result = pruner.prune(name, dryRun);
            BackupSettings s = backups.config().settings(targets.spec(name)
                    .orElse(new TargetSpec(name, "postgres", Map.of())));
            r.text(BackupMessages.pruneHeader(name, dryRun) + ": " + BackupMessages.pruneSummary(result.toDelete(),
                    result.decisions().size(), result.bytesFreed(), dryRun, result.deleted()));
            List<List<String>> rows = new ArrayList<>();
            for (Pruner.Decision d : result.decisions()) {
                rows.add(List.of("#" + d.backup().id(), BackupMessages.when(d.backup().startedAt()), d.backup().status(),
                        d.backup().sizeBytes() == null ? "–" : BackupMessages.size(d.backup().sizeBytes()),
                        BackupReplies.verified(d.backup(), clock.instant()),
                        BackupMessages.pruneReason(d.reason(), s.keep(), s.keepVerified())));
            }
            if (!rows.isEmpty()) {
                r.table(BackupMessages.PRUNE_COLUMNS, rows);
            }
            result.problems().forEach(r::text);
            problems |= !result.problems().isEmpty();
        }
        if (problems) {
            r.severity(Severity.WARN);
            return new ActionResult.Failed(r.build());
        }
        return ActionResult.ok(r.build());
    }
}
