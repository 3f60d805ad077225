package dev.caretaker.backup;

import dev.caretaker.store.BackupCatalog;
import dev.caretaker.store.BackupRecord;
import dev.caretaker.target.TargetSpec;
import dev.caretaker.target.Targets;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Retention: backups older than {@code keep} (default 30 days) go, except the newest {@code keep-verified} verified
 * ones (default 3) and the newest stored backup of the target, so the only verified backup, or the only backup at
 * all, is never deleted. A backup leaves with its object: the row is marked, the object deleted, then the row; a
 * prune stopped half-way is finished by the next one.
 */
@Singleton
public class Pruner {

    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);

    /** Why a backup stays or goes. */
    public enum Reason { DELETE, NEWEST, NEWEST_VERIFIED, RECENT, FAILED_OLD, UNFINISHED }

    /** One backup and what the prune does with it. */
    public record Decision(BackupRecord backup, Reason reason) {

        public boolean deletes() {
            return reason == Reason.DELETE || reason == Reason.FAILED_OLD || reason == Reason.UNFINISHED;
        }
    }

    /** What a prune of one target found and did. */
    public record Result(String target, List<Decision> decisions, int deleted, List<String> problems) {

        public long toDelete() {
            return decisions.stream().filter(Decision::deletes).count();
        }

        public long bytesFreed() {
            return decisions.stream().filter(Decision::deletes).map(d -> d.backup().sizeBytes())
                    .filter(java.util.Objects::nonNull).mapToLong(Long::longValue).sum();
        }
    }

    private final BackupService backups;
    private final BackupCatalog catalog;
    private final Targets targets;
    private final Clock clock;

    public Pruner(BackupService backups, BackupCatalog catalog, Targets targets, Clock clock) {
        this.backups = backups;
        this.catalog = catalog;
        this.targets = targets;
        this.clock = clock;
    }

    /** The targets a prune without {@code target=} looks at: every one with backups in the catalogue. */
    public List<String> targetsWithBackups() {
        return catalog.targets();
    }

    /** Decides, and unless {@code dryRun} deletes, for one target. */
    public Result prune(String target, boolean dryRun) {
        BackupSettings s = settings(target);
        Instant now = clock.instant();
        Instant cutoff = now.minus(s.keep());
        List<Decision> decisions = new ArrayList<>();
        for (BackupRecord unfinished : catalog.pruning(target)) {
            decisions.add(new Decision(unfinished, Reason.UNFINISHED));
        }
        List<BackupRecord> stored = catalog.done(target);
        Set<Long> newestVerified = new HashSet<>();
        stored.stream().filter(BackupRecord::verified).limit(s.keepVerified()).forEach(b -> newestVerified.add(b.id()));
        for (int i = 0; i < stored.size(); i++) {
            BackupRecord b = stored.get(i);
            Reason r;
            if (newestVerified.contains(b.id())) {
                r = Reason.NEWEST_VERIFIED;
            } else if (i == 0) {
                r = Reason.NEWEST;
            } else if (!b.startedAt().isBefore(cutoff)) {
                r = Reason.RECENT;
            } else {
                r = Reason.DELETE;
            }
            decisions.add(new Decision(b, r));
        }
        for (BackupRecord f : catalog.failedBefore(target, cutoff)) {
            decisions.add(new Decision(f, Reason.FAILED_OLD));
        }
        int deleted = 0;
        List<String> problems = new ArrayList<>();
        if (!dryRun) {
            for (Decision d : decisions) {
                if (!d.deletes()) {
                    continue;
                }
                try {
                    delete(d.backup(), d.reason() == Reason.UNFINISHED);
                    deleted++;
                } catch (BackupException e) {
                    problems.add(e.getMessage());
                }
            }
            if (deleted > 0) {
                LOG.info("prune of {}: {} backups deleted", target, deleted);
            }
        }
        return new Result(target, decisions, deleted, problems);
    }

    private void delete(BackupRecord b, boolean alreadyMarked) throws BackupException {
        if (!alreadyMarked && !catalog.markPruning(b.id())) {
            return;   // another prune or a verification changed it meanwhile
        }
        if (BackupRecord.FAILED.equals(b.status())) {
            catalog.delete(b.id());   // a failed backup never kept an object
            return;
        }
        Storage storage = backups.storageOf(b);
        try {
            storage.delete(b.storageKey());
        } catch (IOException e) {
            LOG.warn("prune: backup #{} of {}: object not deleted", b.id(), b.target(), e);
            throw new BackupException(BackupMessages.pruneDeleteFailed(b.id(), storage.describe(), e), e);
        }
        catalog.delete(b.id());
    }

    private BackupSettings settings(String target) {
        TargetSpec spec = targets.spec(target).orElse(new TargetSpec(target, BackupRecord.POSTGRES, Map.of()));
        return backups.config().settings(spec);
    }
}
