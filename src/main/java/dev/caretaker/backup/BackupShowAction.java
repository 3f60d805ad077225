package dev.caretaker.backup;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.store.BackupCatalog;
import dev.caretaker.store.BackupRecord;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.Optional;

/** {@code backup show <id>}: one backup in full: checksum, versions, rows per table, verifications. */
@Singleton
@Named("backup.show")
public final class BackupShowAction implements Action {

    private final BackupService backups;
    private final BackupCatalog catalog;

    public BackupShowAction(BackupService backups, BackupCatalog catalog) {
        this.backups = backups;
        this.catalog = catalog;
    }

    @Override
    public ActionResult run(ActionContext context) {
        long id = context.args().integer("id").orElseThrow();
        Optional<BackupRecord> b = catalog.byId(id);
        if (b.isEmpty()) {
            return ActionResult.failed(BackupMessages.backupNotFound(id));
        }
        String where;
        try {
            where = backups.storageOf(b.get()).describe();
        } catch (BackupException e) {
            where = b.get().storage();
        }
        return ActionResult.ok(BackupReplies.show(b.get(), where, catalog.verifications(id)));
    }
}
