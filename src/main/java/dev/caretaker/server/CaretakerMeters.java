package dev.caretaker.server;

import dev.caretaker.store.AlertRecord;
import dev.caretaker.store.AlertStore;
import dev.caretaker.store.Leadership;
import io.micrometer.core.instrument.Gauge;
import io.micronaut.context.BeanProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the dashboard (deploy/grafana) shows about the replicas as a whole: {@code caretaker_leader} (1 on the replica
 * that runs scheduled work) and {@code caretaker_alerts_open{severity, state}}. Both are read when Prometheus scrapes;
 * the alert counts come from one query, kept a few seconds so a scrape asks the database once.
 */
@Singleton
final class CaretakerMeters implements MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(CaretakerMeters.class);
    static final List<String> SEVERITIES = List.of("critical", "warning", "info", "other");
    static final List<String> STATES = List.of(AlertRecord.FIRING, AlertRecord.ACKNOWLEDGED, AlertRecord.SILENCED);
    private static final Duration FRESH = Duration.ofSeconds(5);

    // read at scrape time: Micronaut binds meter binders while it builds the registry, which its own executors
    // (that Leadership schedules on) wait for
    private final BeanProvider<Leadership> leadership;
    private final BeanProvider<AlertStore> alerts;
    private final Clock clock;
    private volatile Snapshot snapshot = new Snapshot(Instant.MIN, Map.of());

    CaretakerMeters(BeanProvider<Leadership> leadership, BeanProvider<AlertStore> alerts, Clock clock) {
        this.leadership = leadership;
        this.alerts = alerts;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("caretaker.leader", leadership, l -> l.get().isLeader() ? 1 : 0)
                .description("1 on the replica holding the scheduler lease (probes, digests, schedules, Discord)")
                .register(registry);
        for (String severity : SEVERITIES) {
            for (String state : STATES) {
                String key = severity + "/" + state;
                Gauge.builder("caretaker.alerts.open", this, m -> m.counts().getOrDefault(key, 0L))
                        .description("Alerts not resolved yet, by severity and state")
                        .tag("severity", severity).tag("state", state)
                        .register(registry);
            }
        }
    }

    private Map<String, Long> counts() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (s.at().plus(FRESH).isAfter(now)) {
            return s.counts();
        }
        try {
            Map<String, Long> counts = alerts.get().open().stream().collect(Collectors.groupingBy(
                    a -> severity(a.severity()) + "/" + a.state(), Collectors.counting()));
            snapshot = new Snapshot(now, counts);
            return counts;
        } catch (RuntimeException e) {
            // the database is away: /health says so; the scrape keeps the last counts instead of failing
            LOG.debug("Alert counts for /prometheus not read: {}", e.toString());
            return s.counts();
        }
    }

    private static String severity(String severity) {
        String s = severity == null ? "" : severity.toLowerCase(Locale.ROOT);
        return Set.copyOf(SEVERITIES).contains(s) ? s : "other";
    }

    private record Snapshot(Instant at, Map<String, Long> counts) {
    }
}
