package dev.caretaker.digest;

import dev.caretaker.config.Serving;
import dev.caretaker.store.ResultRollups;
import dev.caretaker.store.Leadership;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every 30 s on the lease holder: fold new probe results into the hourly history, post the digests and checklists
 * that are due, and prune old history.
 * Thin on purpose; the services decide what is due and claim each run once. Created at start-up, so a digest or
 * checklist that is misconfigured stops the boot with its sentences instead of failing every tick.
 */
@Serving
@Requires(property = "caretaker.digest.scheduler.enabled", notEquals = "false")
public class DigestJob {

    private static final Logger LOG = LoggerFactory.getLogger(DigestJob.class);

    private final Leadership leadership;
    private final DigestService digests;
    private final ChecklistService checklists;
    private final HistoryRetention retention;
    private final ResultRollups rollups;

    public DigestJob(Leadership leadership, DigestService digests, ChecklistService checklists,
                     HistoryRetention retention, ResultRollups rollups) {
        this.leadership = leadership;
        this.digests = digests;
        this.checklists = checklists;
        this.retention = retention;
        this.rollups = rollups;
    }

    @Scheduled(fixedDelay = "${caretaker.digest.tick:30s}", initialDelay = "${caretaker.digest.initial-delay:10s}")
    public void tick() {
        if (!leadership.isLeader()) {
            return;
        }
        try {
            // the scheduler's results first, so the digest's trends include the last minutes
            rollups.foldNew();
            digests.runDue();
            checklists.runDue();
            retention.maybeRun();
        } catch (RuntimeException e) {
            // the next tick tries again; one bad run must not stop the schedule
            LOG.error("digest job: tick failed", e);
        }
    }
}
