package dev.caretaker.server;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.aggregator.HealthAggregator;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;

/**
 * Micronaut's health endpoint without its routes: its indicators (JDBC, disk, threads, ours) only exist beside a
 * {@link HealthEndpoint} bean, but its {@code /health} shows every caller URLs, user names and sizes, and its
 * {@code /health/{selector}} answers unknown names with exception text. {@link HealthController} answers instead.
 */
@Singleton
@Replaces(HealthEndpoint.class)
class HealthSource extends HealthEndpoint {

    private final HealthAggregator<HealthResult> aggregator;
    private final HealthIndicator[] all;
    private final HealthIndicator[] liveness;

    HealthSource(HealthAggregator<HealthResult> aggregator, HealthIndicator[] all,
                 @Liveness HealthIndicator[] liveness) {
        super(aggregator, all, liveness);
        this.aggregator = aggregator;
        this.all = all;
        this.liveness = liveness;
    }

    HealthAggregator<HealthResult> aggregator() {
        return aggregator;
    }

    /** Every indicator ({@code /health}). */
    HealthIndicator[] all() {
        return all;
    }

    /** Indicators that say the process must be restarted ({@code /health/liveness}). */
    HealthIndicator[] liveness() {
        return liveness;
    }

    /** Indicators that say whether to send traffic ({@code /health/readiness}): all but the liveness ones. */
    HealthIndicator[] readiness() {
        return getReadinessHealthIndicators(all, liveness);
    }
}
