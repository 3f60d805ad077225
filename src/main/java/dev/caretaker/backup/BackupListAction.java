package dev.caretaker.backup;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.store.BackupCatalog;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Optional;

/** {@code backup list [target] [limit=10]}: the newest backups, with size and verification. */
@Singleton
@Named("backup.list")
public final class BackupListAction implements Action {

    private final BackupService backups;
    private final BackupCatalog catalog;
    private final Clock clock;

    public BackupListAction(BackupService backups, BackupCatalog catalog, Clock clock) {
        this.backups = backups;
        this.catalog = catalog;
        this.clock = clock;
    }

    @Override
    public ActionResult run(ActionContext context) {
        Optional<String> named = context.args().string("target");
        String target = null;
        if (named.isPresent()) {
            try {
                target = backups.target(named).name();
            } catch (BackupException e) {
                return ActionResult.failed(e.getMessage());
            }
        }
        int limit = context.args().integer("limit").orElse(10L).intValue();
        return ActionResult.ok(BackupReplies.list(catalog.list(target, limit), target, clock.instant()));
    }
}
