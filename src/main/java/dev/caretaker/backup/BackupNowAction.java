package dev.caretaker.backup;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.store.BackupRecord;
import dev.caretaker.target.TargetSpec;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** {@code backup now [target]}: backs a target up now, editing one progress message with the bytes written. */
@Singleton
@Named("backup.now")
public final class BackupNowAction implements Action {

    private final BackupService backups;

    public BackupNowAction(BackupService backups) {
        this.backups = backups;
    }

    @Override
    public ActionResult run(ActionContext context) throws InterruptedException {
        try {
            TargetSpec target = backups.target(context.args().string("target"));
            BackupRecord b = backups.backup(target, context.caller().displayName(), null, context.progress());
            return ActionResult.ok(BackupReplies.stored(b, backups.storageOf(b).describe()));
        } catch (BackupException e) {
            return ActionResult.failed(e.getMessage());
        }
    }
}
