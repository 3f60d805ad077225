package dev.caretaker.alert;

import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeSettings;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.target.TargetSpec;
import dev.caretaker.target.Targets;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns probe results into alerts with hysteresis: an alert fires after {@code failures} bad results in a row
 * (default 3, as the runbooks say) that have lasted at least {@code for}, and resolves only after {@code recoveries}
 * good ones in a row (default 2). Per target, {@code caretaker.targets.<name>.failures / recoveries / for} override
 * {@code caretaker.alerts.failures / recoveries / for}.
 *
 * <p>Streaks live in memory on the lease holder; after a failover they start again, while the alerts themselves
 * are in the database, so nothing fires twice and an open alert still resolves.
 */
@Singleton
public class ProbeRules {

    /** The rule of one target. */
    public record Rule(int failures, int recoveries, Duration forAtLeast) {
    }

    private static final class Streak {
        int bad;
        int good;
        Instant badSince;
        String firedSeverity;
        boolean resolvedKnown;
    }

    private final AlertService alerts;
    private final Targets targets;
    private final Rule defaults;
    private final Map<String, Streak> streaks = new ConcurrentHashMap<>();
    private final Map<String, Rule> rules = new ConcurrentHashMap<>();

    public ProbeRules(AlertService alerts, Targets targets,
                      AlertsSettings settings) {
        this.alerts = alerts;
        this.targets = targets;
        this.defaults = new Rule(settings.failures(), settings.recoveries(), settings.forAtLeast());
    }

    public void observe(List<ProbeResult> results) {
        results.forEach(this::observe);
    }

    public void observe(ProbeResult r) {
        Rule rule = rules.computeIfAbsent(r.target(), this::ruleOf);
        Streak s = streaks.computeIfAbsent(AlertService.fingerprint(r), k -> new Streak());
        synchronized (s) {
            if (r.status() == ProbeStatus.OK) {
                s.bad = 0;
                s.badSince = null;
                s.good++;
                if (s.good >= rule.recoveries() && !s.resolvedKnown) {
                    alerts.probeResolved(r);
                    s.firedSeverity = null;
                    s.resolvedKnown = true;
                }
                return;
            }
            s.good = 0;
            s.bad++;
            if (s.badSince == null) {
                s.badSince = r.at();
            }
            String severity = r.status() == ProbeStatus.CRITICAL ? "critical" : "warning";
            boolean longEnough = !Duration.between(s.badSince, r.at()).minus(rule.forAtLeast()).isNegative();
            if (s.bad >= rule.failures() && longEnough && !severity.equals(s.firedSeverity)) {
                alerts.probeFiring(r, severity);
                s.firedSeverity = severity;
                s.resolvedKnown = false;
            }
        }
    }

    /**
     * Results taken on purpose to learn the state now (the re-check at a maintenance window's end): a good result
     * resolves its probe's alert at once, without waiting for {@code recoveries} good ones in a row; a bad one counts
     * as any other.
     */
    public void recheck(List<ProbeResult> results) {
        for (ProbeResult r : results) {
            if (r.status() != ProbeStatus.OK) {
                observe(r);
                continue;
            }
            Rule rule = rules.computeIfAbsent(r.target(), this::ruleOf);
            Streak s = streaks.computeIfAbsent(AlertService.fingerprint(r), k -> new Streak());
            synchronized (s) {
                s.bad = 0;
                s.badSince = null;
                s.good = Math.max(s.good + 1, rule.recoveries());
                alerts.probeResolved(r);
                s.firedSeverity = null;
                s.resolvedKnown = true;
            }
        }
    }

    private Rule ruleOf(String target) {
        Optional<TargetSpec> spec = targets.spec(target);
        if (spec.isEmpty()) {
            return defaults;
        }
        ProbeSettings s = new ProbeSettings(spec.get());
        return new Rule(Math.max(1, s.integer("failures", defaults.failures())),
                Math.max(1, s.integer("recoveries", defaults.recoveries())), s.duration("for", defaults.forAtLeast()));
    }
}
