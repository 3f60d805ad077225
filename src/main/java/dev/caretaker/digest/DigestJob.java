package dev.caretaker.digest;

import dev.caretaker.store.Leadership;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every 30 s on the lease holder: post the digests and checklists that are due, and prune old probe history.
 * Thin on purpose; the services decide what is due and claim each run once. Created at start-up, so a digest or
 * checklist that is misconfigured stops the boot with its sentences instead of failing every tick.
 */
@Context
@Requires(property = "caretaker.digest.scheduler.enabled", notEquals = "false")
public class DigestJob {

    private static final Logger LOG = LoggerFactory.getLogger(DigestJob.class);

    private final Leadership leadership;
    private final DigestService digests;
    private final ChecklistService checklists;
    private final HistoryRetention retention;

    public DigestJob(Leadership leadership, DigestService digests, ChecklistService checklists,
                     HistoryRetention retention) {
        this.leadership = leadership;
        this.digests = digests;
        this.checklists = checklists;
        this.retention = retention;
    }

    @Scheduled(fixedDelay = "${caretaker.digest.tick:30s}", initialDelay = "${caretaker.digest.initial-delay:10s}")
    public void tick() {
        if (!leadership.isLeader()) {
            return;
        }
        try {
            digests.runDue();
            checklists.runDue();
            retention.maybeRun();
        } catch (RuntimeException e) {
            // the next tick tries again; one bad run must not stop the schedule
            LOG.error("digest job: tick failed", e);
        }
    }
}
