package dev.caretaker.backup;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.action.Previewing;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.store.BackupRecord;
import dev.caretaker.store.BackupVerification;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code backup restore <id> into=<database|directory> [target] [force=false]} (admin, two-person approval): the
 * approvers see what will be overwritten before they approve; over the live database only with {@code force=true}
 * while a maintenance window covers the target.
 */
@Singleton
@Named("backup.restore")
public final class BackupRestoreAction implements Action, Previewing {

    private final Restorer restorer;

    public BackupRestoreAction(Restorer restorer) {
        this.restorer = restorer;
    }

    private Restorer.Plan plan(ActionContext context) throws BackupException {
        return restorer.plan(context.args().integer("id").orElseThrow(), context.args().string("into").orElseThrow(),
                context.args().string("target"), context.args().bool("force"));
    }

    @Override
    public ActionResult preview(ActionContext context) {
        try {
            Restorer.Plan p = plan(context);
            BackupRecord b = p.backup();
            Reply.Builder r = Reply.builder().severity(p.live() || p.existing().isPresent() || p.directoryHasFiles()
                    ? Severity.CRITICAL : Severity.WARN).header(BackupMessages.restorePreviewHeader(b.id(), b.target()));
            long size = b.sizeBytes() == null ? 0 : b.sizeBytes();
            if (p.files()) {
                r.text(BackupMessages.restorePreviewFilesBackup(b.id(), b.startedAt(),
                        b.fileCount() == null ? 0 : b.fileCount(), size));
                r.text(p.live() ? BackupMessages.restorePreviewLiveFiles(b.target())
                        : !java.nio.file.Files.exists(java.nio.file.Path.of(p.into()))
                        ? BackupMessages.restorePreviewNewDirectory(p.into())
                        : BackupMessages.restorePreviewDirectory(p.into(), p.directoryHasFiles()));
            } else {
                r.text(BackupMessages.restorePreviewBackup(b.id(), b.startedAt(), b.tableCounts().size(),
                        b.tableCounts().values().stream().mapToLong(Long::longValue).sum(), size));
                if (p.live()) {
                    r.text(BackupMessages.restorePreviewLive(p.into(), p.server()));
                }
                r.text(p.existing().map(e -> BackupMessages.restorePreviewOverwrite(p.into(), p.server(), e.tables(),
                        e.bytes())).orElse(BackupMessages.restorePreviewNewDatabase(p.into(), p.server())));
                p.ownerInstead().ifPresent(user -> r.text(BackupMessages.restorePreviewOwner(user)));
            }
            return ActionResult.ok(r.build());
        } catch (BackupException e) {
            return ActionResult.failed(e.getMessage());
        }
    }

    @Override
    public ActionResult run(ActionContext context) throws InterruptedException {
        try {
            Restorer.Done d = restorer.restore(plan(context), context.args().bool("force"), context.progress());
            BackupRecord b = d.plan().backup();
            Reply.Builder r = Reply.builder().header(BackupMessages.restoredHeader(b.id(), b.target()));
            if (d.plan().files()) {
                r.severity(Severity.OK).text(BackupMessages.restoredFiles(d.plan().into(), d.files().files(),
                        d.files().bytes()));
                return ActionResult.ok(r.build());
            }
            long wrong = d.tables().stream().filter(t -> !t.matches()).count();
            r.severity(wrong == 0 ? Severity.OK : Severity.WARN).text(BackupMessages.restoredDatabase(d.plan().into(),
                    d.plan().server(), d.tables().size(),
                    d.tables().stream().mapToLong(t -> Math.max(0, t.restored())).sum(), wrong));
            List<List<String>> rows = new ArrayList<>();
            for (BackupVerification.TableCheck t : d.tables()) {
                rows.add(List.of(t.table(), t.expected() < 0 ? "–" : String.valueOf(t.expected()),
                        t.restored() < 0 ? "–" : String.valueOf(t.restored()),
                        t.matches() ? BackupMessages.MATCH : BackupMessages.MISMATCH));
            }
            r.table(BackupMessages.VERIFY_COLUMNS, rows);
            return ActionResult.ok(r.build());
        } catch (BackupException e) {
            return ActionResult.failed(e.getMessage());
        }
    }
}
