package dev.caretaker.digest;

import dev.caretaker.store.StoreException;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps probe history bounded: raw results ({@code probe_results}, when that table exists) for 48 hours, hourly
 * rollups for 30 days. Runs at most once an hour from the digest job.
 */
@Singleton
public class HistoryRetention {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryRetention.class);
    private static final Duration EVERY = Duration.ofHours(1);

    private final DataSource dataSource;
    private final ProbeRollups rollups;
    private final Clock clock;
    private final Duration raw;
    private final Duration hourly;
    private final AtomicReference<Instant> lastRun = new AtomicReference<>();

    public HistoryRetention(DataSource dataSource, ProbeRollups rollups, Clock clock,
                            @Value("${caretaker.digest.history.raw:48h}") Duration raw,
                            @Value("${caretaker.digest.history.hourly:30d}") Duration hourly) {
        this.dataSource = dataSource;
        this.rollups = rollups;
        this.clock = clock;
        this.raw = raw;
        this.hourly = hourly;
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
        int results = pruneRaw(now.minus(raw));
        if (buckets + results > 0) {
            LOG.info("probe history: {} hourly rollups older than {} and {} raw results older than {} deleted",
                    buckets, hourly, results, raw);
        }
        return true;
    }

    private int pruneRaw(Instant before) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("select to_regclass('probe_results') is not null");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    // the raw store comes with the alerts capability; until then rollups are all there is
                    return 0;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("delete from probe_results where at < ?")) {
                ps.setTimestamp(1, Timestamp.from(before));
                return ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StoreException("could not prune probe_results", e);
        }
    }
}
