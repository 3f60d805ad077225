package dev.caretaker.digest;

import dev.caretaker.store.ProbeRollups;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the hourly probe rollups for 30 days ({@code caretaker.digest.history.hourly}); runs at most once an hour
 * from the digest job. Raw results belong to the probe scheduler, which keeps them for
 * {@code caretaker.probes.keep}; the trends read the rollups, so two days of raw results are enough.
 */
@Singleton
public class HistoryRetention {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryRetention.class);
    private static final Duration EVERY = Duration.ofHours(1);

    private final ProbeRollups rollups;
    private final Clock clock;
    private final Duration hourly;
    private final AtomicReference<Instant> lastRun = new AtomicReference<>();

    public HistoryRetention(ProbeRollups rollups, Clock clock, DigestSettings settings) {
        this.rollups = rollups;
        this.clock = clock;
        this.hourly = settings.historyHourly();
    }

    /** Prunes when the last pruning is an hour old or more; answers whether it ran. */
    public boolean maybeRun() {
        Instant now = clock.instant();
        Instant last = lastRun.get();
        if (last != null && Duration.between(last, now).compareTo(EVERY) < 0) {
            return false;
        }
        lastRun.set(now);
        int buckets = rollups.prune(now.minus(hourly));
        if (buckets > 0) {
            LOG.info("probe history: {} hourly rollups older than {} deleted", buckets, hourly);
        }
        return true;
    }
}
