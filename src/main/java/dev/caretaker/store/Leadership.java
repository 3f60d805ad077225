package dev.caretaker.store;

import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Whether this replica holds the lease for scheduled work (probes, digests, retention). The lease is
 * renewed every third of its length; when the holder dies, another replica takes over within one lease.
 * Scheduled jobs ask {@link #isLeader()} and return at once when it is false.
 */
@Singleton
public class Leadership implements AutoCloseable {

    public static final String LEASE = "scheduler";
    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    private final Coordinator coordinator;
    private final Duration lease;
    private final String holder = "replica-" + UUID.randomUUID();
    private final ScheduledExecutorService timer;
    private volatile boolean leader;

    public Leadership(Coordinator coordinator, @Value("${caretaker.leader.lease:15s}") Duration lease) {
        this.coordinator = coordinator;
        this.lease = lease;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "caretaker-leadership");
            t.setDaemon(true);
            return t;
        });
        renew();
        long every = Math.max(100, lease.toMillis() / 3);
        timer.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        boolean was = leader;
        try {
            leader = coordinator.acquireLease(LEASE, holder, lease);
        } catch (RuntimeException e) {
            // Unsure whether we still hold it: stop scheduled work rather than risk running it twice.
            leader = false;
            LOG.warn("Could not renew the scheduler lease: {}", e.getMessage());
        }
        if (leader != was) {
            LOG.info(leader ? "This replica now runs scheduled work ({})" : "Another replica runs scheduled work ({})",
                    holder);
        }
    }

    public boolean isLeader() {
        return leader;
    }

    /** This replica's name in the lease. */
    public String holder() {
        return holder;
    }

    public Duration lease() {
        return lease;
    }

    @PreDestroy
    @Override
    public void close() {
        timer.shutdownNow();
        if (leader) {
            coordinator.releaseLease(LEASE, holder);
            leader = false;
        }
    }
}
