package dev.caretaker.digest;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Alert history a test decides, standing in for the alert store. */
@Singleton
@Replaces(AlertStoreSource.class)
@Requires(property = "caretaker.test.fixed-alerts", value = "true")
public final class FixedAlerts implements AlertSource {

    private final AtomicReference<List<AlertSummary>> alerts = new AtomicReference<>(List.of());

    public void set(List<AlertSummary> a) {
        alerts.set(List.copyOf(a));
    }

    @Override
    public List<AlertSummary> since(Instant since) {
        return alerts.get().stream().filter(a -> !a.startedAt().isBefore(since) || a.firing()).toList();
    }
}
