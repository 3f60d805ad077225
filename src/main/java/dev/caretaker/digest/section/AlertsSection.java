package dev.caretaker.digest.section;

import dev.caretaker.digest.AlertSource;
import dev.caretaker.digest.DigestContext;
import dev.caretaker.digest.DigestSection;
import dev.caretaker.digest.Section;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Format;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@code alerts}: the last 24 h of alerts: how many by severity, which still fire, mean time to ack and resolve. */
@Singleton
public final class AlertsSection implements DigestSection {

    private final AlertSource alerts;

    public AlertsSection(AlertSource alerts) {
        this.alerts = alerts;
    }

    @Override
    public String name() {
        return "alerts";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public Section render(DigestContext context) {
        List<AlertSource.AlertSummary> recent = alerts.since(context.since());
        if (recent.isEmpty()) {
            return Section.of(new Block.Text(SectionMessages.digestNoAlerts()));
        }
        Map<String, Integer> bySeverity = new TreeMap<>();
        List<String> firing = new ArrayList<>();
        List<Duration> toAck = new ArrayList<>();
        List<Duration> toResolve = new ArrayList<>();
        for (AlertSource.AlertSummary a : recent) {
            bySeverity.merge(a.severity().toLowerCase(Locale.ROOT), 1, Integer::sum);
            if (a.firing()) {
                firing.add(a.name());
            }
            a.ackedAt().ifPresent(t -> toAck.add(Duration.between(a.startedAt(), t)));
            a.resolvedAt().ifPresent(t -> toResolve.add(Duration.between(a.startedAt(), t)));
        }
        List<String> counts = new ArrayList<>();
        bySeverity.forEach((severity, n) -> counts.add(n + " " + (n == 1 || severity.equals("critical") ? severity
                : severity + "s")));
        String still = firing.isEmpty() ? SectionMessages.digestNone() : String.join(", ", firing.stream().distinct().sorted().toList());
        return Section.of(new Block.Text(SectionMessages.digestAlertsSummary(recent.size(), String.join(", ", counts), still,
                mean(toAck).map(Format::human).orElse("–"), mean(toResolve).map(Format::human).orElse("–"))));
    }

    private static Optional<Duration> mean(List<Duration> ds) {
        if (ds.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ds.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(ds.size()));
    }
}
