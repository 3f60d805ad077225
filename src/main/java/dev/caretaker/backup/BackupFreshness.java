package dev.caretaker.backup;

import dev.caretaker.probe.Probe;
import dev.caretaker.probe.ProbeProvider;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.probe.ProbesSettings;
import dev.caretaker.probe.Thresholds;
import dev.caretaker.store.BackupCatalog;
import dev.caretaker.store.BackupRecord;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The freshness probe ({@value #PROBE}) of every target backed up on a schedule: the age, in hours, of its newest
 * verified backup (of its newest stored one when {@code verify: false}); warn past {@code warn-after} (26 h), critical
 * past {@code critical-after} (50 h). A target with no such backup yet is a warning that says so.
 */
@Singleton
public class BackupFreshness implements ProbeProvider {

    public static final String PROBE = "backup-age";

    private final BackupConfig config;
    private final BackupCatalog catalog;
    private final ProbesSettings probes;
    private final Clock clock;

    public BackupFreshness(BackupConfig config, BackupCatalog catalog, ProbesSettings probes, Clock clock) {
        this.config = config;
        this.catalog = catalog;
        this.probes = probes;
        this.clock = clock;
    }

    @Override
    public List<Probe> probes() {
        List<Probe> out = new ArrayList<>();
        for (BackupSettings s : config.scheduledTargets().values()) {
            out.add(new AgeProbe(s));
        }
        return out;
    }

    /** The check of one target, also used by the digest section. */
    public ProbeResult check(BackupSettings s) {
        long t0 = System.nanoTime();
        Instant now = clock.instant();
        Optional<BackupRecord> newest = s.verify() ? catalog.latestVerified(s.target()) : catalog.latestDone(s.target());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (newest.isEmpty()) {
            return new ProbeResult(s.target(), PROBE, ProbeStatus.WARN, null, "h",
                    BackupMessages.freshnessNone(s.target(), s.verify()), took, now);
        }
        double hours = Duration.between(newest.get().startedAt(), now).toMinutes() / 60.0;
        Thresholds t = Thresholds.above(s.warnAfter().toMinutes() / 60.0, s.criticalAfter().toMinutes() / 60.0);
        ProbeStatus status = t.judge(hours);
        return new ProbeResult(s.target(), PROBE, status, Math.round(hours * 10) / 10.0, "h",
                BackupMessages.freshness(s.target(), newest.get().id(), newest.get().startedAt(), now, s.verify(),
                        t.describe(status, "h")), took, now);
    }

    private final class AgeProbe implements Probe {

        private final BackupSettings settings;

        AgeProbe(BackupSettings settings) {
            this.settings = settings;
        }

        @Override
        public String target() {
            return settings.target();
        }

        @Override
        public String name() {
            return PROBE;
        }

        @Override
        public Duration interval() {
            return probes.interval();
        }

        @Override
        public Duration timeout() {
            return probes.timeout();
        }

        @Override
        public ProbeResult check() {
            return BackupFreshness.this.check(settings);
        }
    }
}
