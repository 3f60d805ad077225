package dev.caretaker.ha;

import dev.caretaker.reliability.Ledger;
import dev.caretaker.store.Leadership;
import dev.caretaker.store.ProbeResultStore;
import dev.caretaker.support.Await;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.scheduling.TaskExecutors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The holder of the scheduler lease stops, cleanly or by a crash that stops its renewals without giving the lease up:
 * another of three replicas takes the lease and the scheduled work (probes here) within one lease period (plus one
 * renewal, when the crashed holder's lease must first run out). The Discord gateway session, on its own lease, is
 * {@code chat.discord.GatewayLeaseTest}.
 */
class LeaseHandoverTest {

    private static final Duration LEASE = Duration.ofMillis(1500);
    private static final Duration RENEWAL = LEASE.dividedBy(3);
    /** Room for a loaded machine (two shared cores) to run a renewal late; the measured time is printed. */
    private static final Duration SLACK = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    @Test
    void aCleanStopHandsTheLeaseAndTheProbesOverWithinOneLease() throws Exception {
        try (Replicas replicas = new Replicas(temp)) {
            replicas.start(3, probing());
            ApplicationContext holder = awaitOneHolder(replicas);
            awaitProbeRuns(replicas, holder);

            Instant stopped = Instant.now();
            holder.close();
            ApplicationContext next = awaitOneHolder(replicas);
            Duration took = Duration.between(stopped, Instant.now());
            System.out.println("Clean stop: the lease moved after " + took.toMillis() + " ms (lease " + LEASE.toMillis() + " ms)");
            assertNotSame(holder, next);
            assertTrue(took.compareTo(LEASE.plus(SLACK)) < 0, "within one lease: " + took);
            awaitProbeRuns(replicas, next);
            Ledger.record(Ledger.Promise.ACTIONS, "Clean stop of the lease holder (3 replicas): the scheduled work moves",
                    LeaseHandoverTest.class, 1, 1, 1, 0);
        }
    }

    @Test
    void aCrashedHolderThatStopsRenewingLosesTheLeaseAndTheWorkMoves() throws Exception {
        try (Replicas replicas = new Replicas(temp)) {
            replicas.start(3, probing());
            ApplicationContext holder = awaitOneHolder(replicas);
            awaitProbeRuns(replicas, holder);

            // the crash: the holder's scheduler dies, so it renews nothing, releases nothing and runs no scheduled job
            Instant crashed = Instant.now();
            holder.getBean(ExecutorService.class, Qualifiers.byName(TaskExecutors.SCHEDULED)).shutdownNow();
            Await.until(WAIT, "another replica holds the lease", () -> replicas.leaders().stream().anyMatch(c -> c != holder));
            Duration took = Duration.between(crashed, Instant.now());
            System.out.println("Crash: the lease moved after " + took.toMillis() + " ms (lease " + LEASE.toMillis()
                    + " ms, renewed every " + RENEWAL.toMillis() + " ms)");
            assertFalse(holder.getBean(Leadership.class).isLeader(),
                    "the crashed replica no longer counts itself the holder once its lease ran out");
            List<ApplicationContext> leaders = replicas.leaders();
            assertEquals(1, leaders.size(), "one holder");
            assertTrue(took.compareTo(LEASE.plus(RENEWAL).plus(SLACK)) < 0, "within one lease and one renewal: " + took);
            awaitProbeRuns(replicas, leaders.get(0));
            Ledger.record(Ledger.Promise.ACTIONS, "Crash of the lease holder (renewals stop, 3 replicas): the work moves",
                    LeaseHandoverTest.class, 1, 1, 1, 0);
        }
    }

    private static Map<String, Object> probing() {
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.leader.lease", LEASE.toMillis() + "ms");
        p.put("caretaker.probes.enabled", "true");
        p.put("caretaker.probes.tick", "50ms");
        p.put("caretaker.probes.self", "false");
        p.put("caretaker.targets.data.type", "disk");
        p.put("caretaker.targets.data.path", ".");
        p.put("caretaker.targets.data.interval", "100ms");
        return p;
    }

    private static ApplicationContext awaitOneHolder(Replicas replicas) {
        Await.until(WAIT, "one replica holds the scheduler lease", () -> replicas.leaders().size() == 1);
        return replicas.leaders().get(0);
    }

    /** Waits for new probe results while {@code holder} holds the lease: the scheduled work runs there. */
    private static void awaitProbeRuns(Replicas replicas, ApplicationContext holder) {
        ProbeResultStore store = holder.getBean(ProbeResultStore.class);
        int before = store.since(Instant.now().minusSeconds(600)).size();
        Await.until(WAIT, "the probes run on the holder", () -> store.since(Instant.now().minusSeconds(600)).size() >= before + 3);
        assertEquals(List.of(holder), replicas.leaders(), "it still holds the lease");
    }
}
