package dev.caretaker.store;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;

import java.util.Map;

/** Reports the coordinator on {@code /health}: UP when Redis (or the in-memory one) answers. */
@Singleton
@Readiness
public class CoordinatorHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final Coordinator coordinator;

    public CoordinatorHealthIndicator(Coordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        boolean up = coordinator.ping();
        healthStatus = up ? HealthStatus.UP : HealthStatus.DOWN;
        return Map.of("kind", coordinator.describe());
    }

    @Override
    protected String getName() {
        return "coordinator";
    }
}
