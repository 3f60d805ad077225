package dev.caretaker.backup;

import dev.caretaker.digest.ChecklistCheck;
import dev.caretaker.digest.Evidence;
import dev.caretaker.store.BackupCatalog;
import dev.caretaker.store.BackupVerification;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code backup-verified}: a restore test passed within 31 days for every target backed up on a schedule (or, with no
 * schedule, every target that has backups), so a runbook's "test restoration" item ticks itself.
 */
@Singleton
public final class BackupVerifiedCheck implements ChecklistCheck {

    public static final Duration WITHIN = Duration.ofDays(31);

    private final BackupConfig config;
    private final BackupCatalog catalog;
    private final Clock clock;

    public BackupVerifiedCheck(BackupConfig config, BackupCatalog catalog, Clock clock) {
        this.config = config;
        this.catalog = catalog;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "backup-verified";
    }

    @Override
    public Evidence check() {
        TreeSet<String> targets = new TreeSet<>(config.scheduledTargets().keySet());
        if (targets.isEmpty()) {
            targets.addAll(catalog.targets());
        }
        if (targets.isEmpty()) {
            return Evidence.unknown(BackupMessages.checkNoBackups());
        }
        Instant since = clock.instant().minus(WITHIN);
        List<String> missing = new ArrayList<>();
        Instant oldest = null;
        for (String t : targets) {
            Optional<BackupVerification> v = catalog.lastPassedVerification(t);
            if (v.isEmpty() || v.get().finishedAt().isBefore(since)) {
                missing.add(t);
            } else if (oldest == null || v.get().finishedAt().isBefore(oldest)) {
                oldest = v.get().finishedAt();
            }
        }
        if (!missing.isEmpty()) {
            return Evidence.failed(BackupMessages.checkNotVerified(missing, (int) WITHIN.toDays()));
        }
        return Evidence.passed(BackupMessages.checkVerified(targets.size(), oldest, clock.instant()));
    }
}
