package dev.caretaker.backup;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.store.BackupCatalog;
import dev.caretaker.store.BackupRecord;
import dev.caretaker.store.BackupVerification;
import dev.caretaker.target.TargetSpec;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code backup verify <id|latest> [target]}: restores a backup into a scratch database, compares the rows table by
 * table, and records the result; a failure is also a critical alert.
 */
@Singleton
@Named("backup.verify")
public final class BackupVerifyAction implements Action {

    private final BackupService backups;
    private final BackupCatalog catalog;
    private final Verifier verifier;

    public BackupVerifyAction(BackupService backups, BackupCatalog catalog, Verifier verifier) {
        this.backups = backups;
        this.catalog = catalog;
        this.verifier = verifier;
    }

    @Override
    public ActionResult run(ActionContext context) throws InterruptedException {
        try {
            BackupRecord b = find(context.args().string("backup").orElse("latest"), context.args().string("target"));
            BackupVerification v = verifier.verify(b, context.caller().displayName(), context.progress());
            Reply reply = reply(b, v);
            return v.passed() ? ActionResult.ok(reply) : new ActionResult.Failed(reply);
        } catch (BackupException e) {
            return ActionResult.failed(e.getMessage());
        }
    }

    private BackupRecord find(String which, Optional<String> target) throws BackupException {
        if (which.toLowerCase(Locale.ROOT).equals("latest")) {
            TargetSpec t = backups.target(target);
            return catalog.latestDone(t.name()).orElseThrow(() -> new BackupException(
                    BackupMessages.noStoredBackup(t.name())));
        }
        long id;
        try {
            id = Long.parseLong(which.startsWith("#") ? which.substring(1) : which);
        } catch (NumberFormatException e) {
            throw new BackupException(BackupMessages.notABackupId(which));
        }
        return catalog.byId(id).orElseThrow(() -> new BackupException(BackupMessages.backupNotFound(id)));
    }

    static Reply reply(BackupRecord b, BackupVerification v) {
        Reply.Builder r = Reply.builder().severity(v.passed() ? Severity.OK : Severity.CRITICAL)
                .header(BackupMessages.verifyHeader(b.id(), b.target(), v.passed()))
                .text(v.detail());
        if (!v.tables().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (BackupVerification.TableCheck t : v.tables()) {
                rows.add(List.of(t.table(), t.expected() < 0 ? "–" : String.valueOf(t.expected()),
                        t.restored() < 0 ? "–" : String.valueOf(t.restored()),
                        t.matches() ? BackupMessages.MATCH
                                : t.restored() < 0 || t.expected() < 0 ? BackupMessages.MISSING : BackupMessages.MISMATCH));
            }
            r.table(BackupMessages.VERIFY_COLUMNS, rows);
        }
        return r.build();
    }
}
