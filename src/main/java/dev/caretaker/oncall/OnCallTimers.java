package dev.caretaker.oncall;

import dev.caretaker.config.Serving;
import dev.caretaker.store.Leadership;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the lease holder, every {@code caretaker.oncall.tick} (15 s): start and end the maintenance windows whose time has
 * come, and post the hand-offs that are due. Created at start-up (a {@link Serving} bean: once the HTTP server is up,
 * never in {@code run}), so a bad rotation or maintenance setting stops the start with its sentence. Off with
 * {@code caretaker.oncall.timers: false}.
 */
@Serving
@Requires(property = "caretaker.oncall.timers", notEquals = "false")
public class OnCallTimers {

    private static final Logger LOG = LoggerFactory.getLogger(OnCallTimers.class);

    private final MaintenanceService maintenance;
    private final HandoffService handoffs;
    private final Leadership leadership;

    public OnCallTimers(MaintenanceService maintenance, HandoffService handoffs, Leadership leadership) {
        this.maintenance = maintenance;
        this.handoffs = handoffs;
        this.leadership = leadership;
    }

    @Scheduled(fixedDelay = "${caretaker.oncall.tick:15s}", initialDelay = "${caretaker.oncall.tick:15s}")
    void tick() {
        if (!leadership.isLeader()) {
            return;
        }
        try {
            maintenance.runDue();
        } catch (RuntimeException e) {
            LOG.warn("Starting or ending maintenance windows failed; trying again on the next tick", e);
        }
        try {
            handoffs.runDue();
        } catch (RuntimeException e) {
            LOG.warn("Posting on-call hand-offs failed; trying again on the next tick", e);
        }
    }
}
