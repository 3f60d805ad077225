package dev.caretaker.ha;

import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reliability.Ledger;
import dev.caretaker.reply.PlainText;
import dev.caretaker.store.AuditRecord;
import dev.caretaker.store.Coordinator;
import dev.caretaker.store.FallbackCoordinator;
import dev.caretaker.support.Await;
import dev.caretaker.support.People;
import dev.caretaker.support.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis lost mid-run, with replicas sharing PostgreSQL and Redis: PostgreSQL decides in its place (and the audit says
 * so), nothing runs twice across the loss or the return, the scheduler lease keeps one holder, and with PostgreSQL's
 * copy unusable too, commands are refused with one sentence (fail closed).
 */
class RedisLostTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    @Test
    void aRetryRunsOnceAcrossTheLossAndTheReturnOfRedis() throws Exception {
        try (Replicas replicas = new Replicas(temp)) {
            List<ApplicationContext> r = replicas.start(2, Map.of());
            ApplicationContext a = r.get(0);
            ApplicationContext b = r.get(1);

            assertInstanceOf(Outcome.Completed.class, Replicas.run(a, People.OPERATOR, "test run say=before", "Ev-1"));

            replicas.redis.stop();
            // claimed in Redis before the loss: PostgreSQL's copy knows it
            assertInstanceOf(Outcome.Duplicate.class, Replicas.run(b, People.OPERATOR, "test run say=before", "Ev-1"));
            long started = System.nanoTime();
            Outcome during = Replicas.run(b, People.OPERATOR, "test run say=during", "Ev-2");
            System.out.println("A command with Redis lost answered in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            assertInstanceOf(Outcome.Completed.class, during, PlainText.render(during.reply()));
            assertInstanceOf(Outcome.Duplicate.class, Replicas.run(a, People.OPERATOR, "test run say=during", "Ev-2"));
            assertTrue(((FallbackCoordinator) a.getBean(Coordinator.class)).degraded());
            assertTrue(a.getBean(Coordinator.class).describe().contains("PostgreSQL answers"),
                    a.getBean(Coordinator.class).describe());

            replicas.redis.start();
            awaitRedisAnswers(a);
            awaitRedisAnswers(b);
            // claimed in PostgreSQL alone while Redis was lost: a retry after it returned is still a repeat
            assertInstanceOf(Outcome.Duplicate.class, Replicas.run(a, People.OPERATOR, "test run say=during", "Ev-2"));
            assertInstanceOf(Outcome.Completed.class, Replicas.run(a, People.OPERATOR, "test run say=after", "Ev-3"));
            assertInstanceOf(Outcome.Duplicate.class, Replicas.run(b, People.OPERATOR, "test run say=after", "Ev-3"));

            assertEquals(1, replicas.runs("before"));
            assertEquals(1, replicas.runs("during"));
            assertEquals(1, replicas.runs("after"));
            List<AuditRecord> audit = replicas.audit("test run");
            assertEquals(3, audit.size(), audit.toString());
            for (AuditRecord row : audit) {
                assertEquals("ok", row.outcome(), row.toString());
                if (row.commandLine().contains("during")) {
                    assertEquals("Redis was unreachable; PostgreSQL checked that this request runs once.", row.detail());
                } else {
                    assertNull(row.detail(), "Redis decided: nothing to note: " + row);
                }
            }
            Ledger.record(Ledger.Promise.ACTIONS, "Slack retries across a Redis loss and return (2 replicas)",
                    RedisLostTest.class, 6, 2, 3, replicas.runs("before") + replicas.runs("during") + replicas.runs("after") - 3);
            Ledger.record(Ledger.Promise.AUDIT, "Commands decided by PostgreSQL while Redis was lost say so in the audit",
                    RedisLostTest.class, 3, 1, audit.size(), 3 - audit.size());
        }
    }

    @Test
    void retriesRacingOnThreeReplicasWhileRedisIsLostRunOnce() throws Exception {
        int deliveries = 10;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (Replicas replicas = new Replicas(temp)) {
            List<ApplicationContext> r = replicas.start(3, Map.of());
            replicas.redis.stop();
            int duplicates = 0;
            int completed = 0;
            for (int i = 0; i < deliveries; i++) {
                String delivery = "Ev-race-" + i;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Outcome>> copies = new ArrayList<>();
                for (ApplicationContext replica : r) {
                    copies.add(pool.submit(() -> {
                        go.await();
                        return Replicas.run(replica, People.OPERATOR, "test run say=race" + delivery, delivery);
                    }));
                }
                go.countDown();
                for (Future<Outcome> f : copies) {
                    Outcome o = f.get(30, TimeUnit.SECONDS);
                    if (o instanceof Outcome.Duplicate) {
                        duplicates++;
                    } else {
                        assertInstanceOf(Outcome.Completed.class, o, PlainText.render(o.reply()));
                        completed++;
                    }
                }
            }
            assertEquals(deliveries, completed, "one copy of each delivery ran");
            assertEquals(2 * deliveries, duplicates, "the other two were told it was a repeat");
            long once = 0;
            long twice = 0;
            for (int i = 0; i < deliveries; i++) {
                long runs = replicas.runs("raceEv-race-" + i);
                once += runs == 1 ? 1 : 0;
                twice += Math.max(0, runs - 1);
            }
            assertEquals(deliveries, once);
            Ledger.record(Ledger.Promise.ACTIONS, "Retries racing on 3 replicas with Redis lost (PostgreSQL decides)",
                    RedisLostTest.class, 3L * deliveries, 1, once, twice);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSchedulerLeaseKeepsOneHolderThroughTheLossAndTheReturn() throws Exception {
        try (Replicas replicas = new Replicas(temp)) {
            replicas.start(3, Map.of("caretaker.leader.lease", "900ms"));
            Await.until(WAIT, "one replica holds the scheduler lease", () -> replicas.leaders().size() == 1);
            ApplicationContext holder = replicas.leaders().get(0);

            replicas.redis.stop();
            // the holder renews in PostgreSQL (it wrote its lease there all along); the others find it taken
            Await.until(WAIT, "the holder renewed with Redis lost",
                    () -> ((FallbackCoordinator) holder.getBean(Coordinator.class)).degraded());
            int samples = sampleLeaders(replicas, Duration.ofSeconds(2));
            assertEquals(List.of(holder), replicas.leaders(), "the same replica holds it with Redis lost");

            replicas.redis.start();
            Await.until(WAIT, "the holder renews in Redis again",
                    () -> !((FallbackCoordinator) holder.getBean(Coordinator.class)).degraded()
                            && replicas.leaders().size() == 1);
            samples += sampleLeaders(replicas, Duration.ofSeconds(2));
            assertEquals(List.of(holder), replicas.leaders(), "and after Redis returns");

            // the holder stops: another replica takes over, with Redis back
            holder.close();
            Await.until(WAIT, "another replica holds the lease", () -> replicas.leaders().size() == 1);
            Ledger.record(Ledger.Promise.ACTIONS, "Scheduler lease holders while Redis is lost and returns (3 replicas)",
                    RedisLostTest.class, 2, 2, 2, 0);
            System.out.println("Sampled the lease holders " + samples + " times: never two");
        }
    }

    @Test
    void withPostgresUnableToDecideTooACommandIsRefusedInOneSentenceAndAudited() throws Exception {
        try (Replicas replicas = new Replicas(temp)) {
            ApplicationContext a = replicas.start(1, Map.of()).get(0);
            replicas.redis.stop();
            // PostgreSQL answers (the audit works), but its coordinator table is gone: nothing can decide
            sql(a, "alter table coordinator_keys rename to coordinator_keys_away");
            Outcome refused = Replicas.run(a, People.OPERATOR, "test run say=blind", "Ev-blind");
            assertInstanceOf(Outcome.Denied.class, refused);
            assertEquals("`test run` did not run: Caretaker cannot reach Redis or its database to make sure it runs only "
                    + "once; try again in a minute.", PlainText.render(refused.reply()).strip());
            assertEquals(0, replicas.runs("blind"), "fail closed: nothing ran");
            List<AuditRecord> audit = replicas.audit("test run");
            assertEquals(1, audit.size(), audit.toString());
            assertEquals("denied", audit.get(0).decision());
            assertTrue(audit.get(0).detail().contains("did not run"), audit.get(0).detail());

            sql(a, "alter table coordinator_keys_away rename to coordinator_keys");
            Outcome retried = Replicas.run(a, People.OPERATOR, "test run say=blind", "Ev-blind");
            assertInstanceOf(Outcome.Completed.class, retried, PlainText.render(retried.reply()));
            assertEquals(1, replicas.runs("blind"));
            assertFalse(PlainText.render(refused.reply()).contains("Exception"));
            Ledger.record(Ledger.Promise.ACTIONS, "Redis and the PostgreSQL fallback both unusable: fail closed",
                    RedisLostTest.class, 2, 2, 2, replicas.runs("blind") - 1);
        }
    }

    private static void awaitRedisAnswers(ApplicationContext replica) {
        Coordinator c = replica.getBean(Coordinator.class);
        int[] n = {0};
        Await.until(WAIT, "Redis answers claims again",
                () -> !c.claimOnce("probe:" + replica.hashCode() + ":" + n[0]++, Duration.ofSeconds(5)).fallback());
    }

    /** Looks at who counts itself the holder every 5 ms for {@code length}; fails on two at once. */
    private static int sampleLeaders(Replicas replicas, Duration length) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        int samples = 0;
        while (System.nanoTime() < end) {
            int leaders = replicas.leaders().size();
            assertTrue(leaders <= 1, "two replicas held the scheduler lease at once");
            samples++;
            Thread.sleep(5);
        }
        return samples;
    }

    private static void sql(ApplicationContext c, String statement) throws Exception {
        try (Connection conn = TestDatabase.connect(c); Statement st = conn.createStatement()) {
            st.execute(statement);
        }
    }
}
