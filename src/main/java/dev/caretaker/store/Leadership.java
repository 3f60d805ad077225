package dev.caretaker.store;

import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The leases of this replica on the {@link Coordinator}, renewed on Micronaut's {@link TaskScheduler}: the scheduler
 * lease for scheduled work (probes, digests, retention; {@link #isLeader()}) and any other named lease
 * ({@link #lease}, e.g. the Discord gateway session). When a holder dies, another replica takes over within one lease.
 * Scheduled jobs ask {@link #isLeader()} and return at once when it is false.
 */
@Singleton
public class Leadership implements AutoCloseable {

    public static final String LEASE = "scheduler";

    private final Coordinator coordinator;
    private final TaskScheduler scheduler;
    private final String holder = "replica-" + UUID.randomUUID();
    private final List<Lease> open = new ArrayList<>();
    private final Lease scheduling;

    public Leadership(Coordinator coordinator, @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler,
                      LeaderSettings settings) {
        this.coordinator = coordinator;
        this.scheduler = scheduler;
        this.scheduling = new Lease(coordinator, LEASE, holder, settings.lease(), Lease.Listener.NONE);
        // known before the first job asks, so a single replica runs its schedule from the start
        scheduling.renew();
        start(scheduling, scheduling.renewEvery());
    }

    /**
     * Opens the named lease for this replica and starts renewing it every third of {@code length}; the first try is
     * made at once on the scheduler. The listener hears of every gain and loss until the lease is closed.
     */
    public Lease lease(String name, Duration length, Lease.Listener listener) {
        if (name.equals(LEASE)) {
            throw new IllegalArgumentException("the " + LEASE + " lease belongs to Leadership itself");
        }
        Lease lease = new Lease(coordinator, name, holder, length, listener);
        start(lease, Duration.ZERO);
        return lease;
    }

    private void start(Lease lease, Duration first) {
        synchronized (open) {
            open.add(lease);
        }
        lease.renewing(scheduler.scheduleWithFixedDelay(first, lease.renewEvery(), lease::renew));
    }

    public boolean isLeader() {
        return scheduling.isHeld();
    }

    /** This replica's name in every lease it holds. */
    public String holder() {
        return holder;
    }

    /** The length of the scheduler lease. */
    public Duration lease() {
        return scheduling.length();
    }

    /** Releases every lease this replica holds, so other replicas take over at once. */
    @PreDestroy
    @Override
    public void close() {
        List<Lease> all;
        synchronized (open) {
            all = new ArrayList<>(open);
            open.clear();
        }
        all.forEach(Lease::close);
    }
}
