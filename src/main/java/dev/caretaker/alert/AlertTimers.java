package dev.caretaker.alert;

import dev.caretaker.store.Leadership;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** On the lease holder, now and then: escalate unacknowledged critical alerts and end silences whose time is up. */
@Context
@Requires(property = "caretaker.alerts.timers", notEquals = "false")
public class AlertTimers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertTimers.class);

    private final AlertService alerts;
    private final Leadership leadership;
    private final ScheduledExecutorService ticker;

    public AlertTimers(AlertService alerts, Leadership leadership,
                       @Value("${caretaker.alerts.timer-tick:15s}") Duration tick) {
        this.alerts = alerts;
        this.leadership = leadership;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "caretaker-alert-timers");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            if (leadership.isLeader()) {
                alerts.runTimers();
            }
        } catch (RuntimeException e) {
            LOG.warn("Alert escalation and silence expiry failed; trying again on the next tick", e);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
