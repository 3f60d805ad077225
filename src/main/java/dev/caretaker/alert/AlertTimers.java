package dev.caretaker.alert;

import dev.caretaker.config.Serving;
import dev.caretaker.store.Leadership;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** On the lease holder, now and then: escalate unacknowledged critical alerts and end silences whose time is up. */
@Serving
@Requires(property = "caretaker.alerts.timers", notEquals = "false")
public class AlertTimers {

    private static final Logger LOG = LoggerFactory.getLogger(AlertTimers.class);

    private final AlertService alerts;
    private final Leadership leadership;

    public AlertTimers(AlertService alerts, Leadership leadership) {
        this.alerts = alerts;
        this.leadership = leadership;
    }

    /** Every {@code caretaker.alerts.timer-tick}, on Micronaut's scheduler. */
    @Scheduled(fixedDelay = "${caretaker.alerts.timer-tick:15s}", initialDelay = "${caretaker.alerts.timer-tick:15s}")
    void tick() {
        try {
            if (leadership.isLeader()) {
                alerts.runTimers();
            }
        } catch (RuntimeException e) {
            LOG.warn("Alert escalation and silence expiry failed; trying again on the next tick", e);
        }
    }
}
