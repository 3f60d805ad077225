package dev.caretaker.store;

import dev.caretaker.support.Await;
import dev.caretaker.support.TestScheduler;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Named leases on the coordinator: one holder, gained / lost told to listeners, released on close, fail safe. */
class LeaseTest {

    private static final Duration LENGTH = Duration.ofMillis(600);
    private static final long WAIT_S = 5;

    /** Records what a lease's listener was told, in order. */
    private static final class Events implements Lease.Listener {
        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        final Semaphore renewals = new Semaphore(0);

        @Override
        public void gained() {
            seen.add("gained");
        }

        @Override
        public void lost() {
            seen.add("lost");
        }

        @Override
        public void renewed() {
            renewals.release();
        }

        String next() throws InterruptedException {
            String e = seen.poll(WAIT_S, TimeUnit.SECONDS);
            return e == null ? "nothing within " + WAIT_S + "s" : e;
        }
    }

    /** The in-memory coordinator, failing every call while {@code down} is set, as a coordinator that is unreachable. */
    private static final class Flaky implements Coordinator {
        final InMemoryCoordinator real = new InMemoryCoordinator(Clock.systemUTC());
        final AtomicBoolean down = new AtomicBoolean();

        private void check() {
            if (down.get()) {
                throw new IllegalStateException("coordinator unreachable");
            }
        }

        public boolean claim(String key, Duration ttl) {
            check();
            return real.claim(key, ttl);
        }

        public Optional<Duration> remaining(String key) {
            check();
            return real.remaining(key);
        }

        public void release(String key) {
            check();
            real.release(key);
        }

        public long increment(String key, Duration window) {
            check();
            return real.increment(key, window);
        }

        public boolean acquireLease(String name, String holder, Duration ttl) {
            check();
            return real.acquireLease(name, holder, ttl);
        }

        public void releaseLease(String name, String holder) {
            check();
            real.releaseLease(name, holder);
        }

        public Optional<String> leaseHolder(String name) {
            check();
            return real.leaseHolder(name);
        }

        public long generation(String name) {
            check();
            return real.generation(name);
        }

        public long advance(String name) {
            check();
            return real.advance(name);
        }

        public boolean ping() {
            return !down.get();
        }

        public String describe() {
            return "flaky";
        }
    }

    @Test
    void oneReplicaHoldsANamedLeaseAndTheOtherGainsItWhenTheFirstCloses() throws Exception {
        Flaky coordinator = new Flaky();
        try (Leadership a = new Leadership(coordinator, TestScheduler.SCHEDULER, new LeaderSettings(LENGTH));
             Leadership b = new Leadership(coordinator, TestScheduler.SCHEDULER, new LeaderSettings(LENGTH))) {
            assertTrue(a.isLeader() ^ b.isLeader(), "exactly one replica holds the scheduler lease");

            Events first = new Events();
            Lease onA = a.lease("gateway", LENGTH, first);
            assertEquals("gained", first.next());
            assertTrue(onA.isHeld());
            Events second = new Events();
            Lease onB = b.lease("gateway", LENGTH, second);
            // a renews it several times (longer than one lease) while b tries and does not get it
            assertTrue(first.renewals.tryAcquire(4, WAIT_S, TimeUnit.SECONDS), "a renews its lease");
            assertFalse(onB.isHeld());
            assertTrue(second.seen.isEmpty(), "b was told nothing: " + second.seen);

            onA.close();
            assertEquals("lost", first.next(), "closing tells the holder's listener first");
            assertFalse(onA.isHeld());
            assertEquals("gained", second.next(), "the release lets b take the lease");
            assertEquals(Optional.of(b.holder()), coordinator.leaseHolder("gateway"));
            onB.close();
            assertEquals("lost", second.next());
            assertEquals(Optional.empty(), coordinator.leaseHolder("gateway"), "closed leases are released");
        }
    }

    @Test
    void aReplicaThatCannotReachTheCoordinatorCountsItselfAsNotHolding() throws Exception {
        Flaky coordinator = new Flaky();
        try (Leadership a = new Leadership(coordinator, TestScheduler.SCHEDULER, new LeaderSettings(LENGTH))) {
            Events events = new Events();
            Lease lease = a.lease("gateway", LENGTH, events);
            assertEquals("gained", events.next());
            assertTrue(a.isLeader());

            coordinator.down.set(true);
            assertEquals("lost", events.next(), "an error on renewal means: not the holder");
            assertFalse(lease.isHeld());
            // the scheduler's own lease finds the coordinator down at its next renewal, not necessarily before this one
            Await.until(LENGTH.multipliedBy(3), "scheduled work stops too", () -> !a.isLeader());

            coordinator.down.set(false);
            assertEquals("gained", events.next(), "back as soon as the coordinator answers");
            assertTrue(lease.isHeld());
        }
    }
}
