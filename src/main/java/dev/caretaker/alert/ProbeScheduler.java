package dev.caretaker.alert;

import dev.caretaker.config.Serving;
import dev.caretaker.probe.Probe;
import dev.caretaker.probe.ProbeCatalog;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeRunner;
import dev.caretaker.probe.ProbesSettings;
import dev.caretaker.store.Leadership;
import dev.caretaker.store.ProbeResultStore;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs each probe on its interval, on the lease holder only, records the results and hands them to the rules.
 * It lives with the alerts because it feeds them; the probes know nothing of scheduling. Off with
 * {@code caretaker.probes.enabled: false}.
 */
@Serving
@Requires(property = "caretaker.probes.enabled", notEquals = "false")
public class ProbeScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeScheduler.class);

    private final ProbeCatalog catalog;
    private final ProbeRunner runner;
    private final ProbeResultStore results;
    private final ProbeRules rules;
    private final Leadership leadership;
    private final Clock clock;
    private final int concurrency;
    private final Duration keep;
    private final Map<String, Instant> nextRun = new HashMap<>();
    private Instant nextCleanup = Instant.EPOCH;

    public ProbeScheduler(ProbeCatalog catalog, ProbeRunner runner, ProbeResultStore results, ProbeRules rules,
                          Leadership leadership, Clock clock,
                          ProbesSettings settings) {
        this.catalog = catalog;
        this.runner = runner;
        this.results = results;
        this.rules = rules;
        this.leadership = leadership;
        this.clock = clock;
        this.concurrency = settings.concurrency();
        this.keep = settings.keep();
        LOG.info("Probes: {} on this replica's schedule when it holds the lease", catalog.probes().size());
    }

    /** Micronaut's scheduler calls this every {@code caretaker.probes.tick}; the probes run on virtual threads. */
    @Scheduled(fixedDelay = "${caretaker.probes.tick:1s}", initialDelay = "${caretaker.probes.tick:1s}")
    void scheduledTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("Probe run failed; trying again on the next tick", e);
        }
    }

    /** Runs the probes that are due, if this replica is the leader; answers their results. */
    public synchronized List<ProbeResult> tick() {
        if (!leadership.isLeader()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Probe> due = new ArrayList<>();
        for (Probe p : catalog.probes()) {
            String key = p.target() + "/" + p.name();
            if (!nextRun.getOrDefault(key, Instant.EPOCH).isAfter(now)) {
                due.add(p);
                nextRun.put(key, now.plus(p.interval()));
            }
        }
        if (due.isEmpty()) {
            return List.of();
        }
        List<ProbeResult> out = runner.runAll(due, concurrency);
        results.recordAll(ProbeRows.rows(out));
        rules.observe(out);
        if (now.isAfter(nextCleanup)) {
            nextCleanup = now.plus(Duration.ofHours(1));
            results.deleteBefore(now.minus(keep));
        }
        return out;
    }
}
