package dev.caretaker.schedule;

import dev.caretaker.config.Serving;
import dev.caretaker.store.Leadership;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every 15 s on the holder of the scheduler lease: start the scheduled commands that are due. Thin on purpose: the
 * service decides what is due and claims each run once, so a second replica (or a lease that moved) never runs one
 * twice. Only a serving Caretaker has it (never the one-shot {@code run}).
 */
@Serving
@Requires(property = "caretaker.schedule.scheduler.enabled", notEquals = "false")
public class ScheduleJob {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleJob.class);

    private final Leadership leadership;
    private final Provider<ScheduleService> schedules;

    /**
     * @param schedules a provider: the service needs the commands, which the application reads and checks itself as
     *                  it starts (with the schedules) and says what is wrong with them
     */
    public ScheduleJob(Leadership leadership, Provider<ScheduleService> schedules) {
        this.leadership = leadership;
        this.schedules = schedules;
    }

    @Scheduled(fixedDelay = "${caretaker.schedule.tick:15s}", initialDelay = "${caretaker.schedule.initial-delay:10s}")
    public void tick() {
        if (!leadership.isLeader()) {
            return;
        }
        try {
            schedules.get().runDue();
        } catch (RuntimeException e) {
            // the next tick tries again; one bad tick must not stop the schedule
            LOG.error("schedule job: tick failed", e);
        }
    }
}
