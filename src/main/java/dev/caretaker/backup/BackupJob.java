package dev.caretaker.backup;

import dev.caretaker.config.Serving;
import dev.caretaker.store.Leadership;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Every 30 s on the lease holder: start the scheduled backups that are due. Thin on purpose; the scheduler claims each
 * run once. Created when a serving Caretaker starts (never by the one-shot run), so backup settings that are wrong
 * stop the start with their sentences.
 */
@Serving
@Requires(property = "caretaker.backups.scheduler.enabled", notEquals = "false")
public class BackupJob {

    private static final Logger LOG = LoggerFactory.getLogger(BackupJob.class);

    private final Leadership leadership;
    private final BackupScheduler scheduler;
    private final AtomicLong ticks = new AtomicLong();

    public BackupJob(Leadership leadership, BackupScheduler scheduler) {
        this.leadership = leadership;
        this.scheduler = scheduler;
    }

    @Scheduled(fixedDelay = "${caretaker.backups.tick:30s}", initialDelay = "${caretaker.backups.initial-delay:15s}")
    public void tick() {
        ticks.incrementAndGet();
        if (!leadership.isLeader()) {
            return;
        }
        try {
            scheduler.runDue();
        } catch (RuntimeException e) {
            // the next tick tries again; one bad run must not stop the schedule
            LOG.error("backup job: tick failed", e);
        }
    }

    /** How many times the job has ticked on this replica (leader or not). */
    public long ticks() {
        return ticks.get();
    }
}
