package dev.caretaker.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * One named lease on the {@link Coordinator}, held by this replica while it renews it every third of its length;
 * open one with {@link Leadership#lease}. When the coordinator cannot answer, this replica counts itself as not
 * holding it (fail safe: two replicas never both believe they hold it). {@link #close()} releases it.
 */
public final class Lease implements AutoCloseable {

    /** Told when this replica gains or loses the lease; calls come one at a time, on the renewing thread. */
    public interface Listener {

        Listener NONE = new Listener() {
        };

        default void gained() {
        }

        /** After each renewal that found the lease already held, e.g. to retry what {@link #gained()} could not do. */
        default void renewed() {
        }

        default void lost() {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Lease.class);
    /** Renewals closer together than this would only load the coordinator. */
    static final Duration MIN_RENEWAL = Duration.ofMillis(100);

    private final Coordinator coordinator;
    private final String name;
    private final String holder;
    private final Duration length;
    private final Listener listener;
    private volatile boolean held;
    /** {@link System#nanoTime()} when the lease taken by the last good renewal runs out, counted from before the call. */
    private volatile long heldUntil;
    private boolean closed;
    private ScheduledFuture<?> renewal;

    Lease(Coordinator coordinator, String name, String holder, Duration length, Listener listener) {
        this.coordinator = coordinator;
        this.name = name;
        this.holder = holder;
        this.length = length;
        this.listener = listener;
    }

    /** How often the holder renews: a third of the lease, so two renewals may fail before it runs out. */
    Duration renewEvery() {
        Duration third = length.dividedBy(3);
        return third.compareTo(MIN_RENEWAL) < 0 ? MIN_RENEWAL : third;
    }

    synchronized void renewing(ScheduledFuture<?> task) {
        if (closed) {
            task.cancel(false);
        } else {
            renewal = task;
        }
    }

    /** Takes or renews the lease now; never throws, as it runs on the scheduler. */
    synchronized void renew() {
        if (closed) {
            return;
        }
        boolean now;
        // measured before asking: the coordinator's lease started no earlier than this
        long asked = System.nanoTime();
        try {
            now = coordinator.acquireLease(name, holder, length);
            if (now) {
                heldUntil = asked + length.toNanos();
            }
        } catch (RuntimeException e) {
            // unsure whether we still hold it: give it up here rather than risk two holders
            now = false;
            LOG.warn("Could not renew the {} lease: {}", name, e.getMessage());
        }
        if (now != held) {
            held = now;
            LOG.info(now ? "This replica now holds the {} lease ({})" : "This replica no longer holds the {} lease ({})",
                    name, holder);
            tell(now ? listener::gained : listener::lost);
        } else if (now) {
            tell(listener::renewed);
        }
    }

    private void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            // the listener's failure must not stop the renewals
            LOG.error("The {} lease's listener failed", name, e);
        }
    }

    /**
     * Whether this replica holds the lease right now: it took or renewed it, and that lease has not run out since. A
     * replica whose renewals stopped (a stalled scheduler, a long pause) stops counting itself as the holder when the
     * lease runs out on the coordinator, when another replica may take it, not at its next renewal.
     */
    public boolean isHeld() {
        // nanoTime, not the injected clock: this measures an interval on this machine, which tests' clocks must not move
        return held && heldUntil - System.nanoTime() > 0;
    }

    public String name() {
        return name;
    }

    /** This replica's name in the lease. */
    public String holder() {
        return holder;
    }

    public Duration length() {
        return length;
    }

    /** Stops renewing; when held, tells the listener it is lost and then releases it so another replica takes it at once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (renewal != null) {
            renewal.cancel(false);
        }
        if (held) {
            held = false;
            tell(listener::lost);
            try {
                coordinator.releaseLease(name, holder);
            } catch (RuntimeException e) {
                LOG.warn("Could not release the {} lease; another replica takes it when it expires: {}", name,
                        e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "Lease[" + name + ", " + holder + (held ? ", held" : "") + "]";
    }
}
