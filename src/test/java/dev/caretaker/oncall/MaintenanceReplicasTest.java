package dev.caretaker.oncall;

import dev.caretaker.chat.ChatDouble;
import dev.caretaker.digest.MutableClock;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import dev.caretaker.support.TestRedis;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two replicas sharing PostgreSQL and Redis start and end a window at the same moment: each banner is posted once. */
class MaintenanceReplicasTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void twoReplicasPostTheStartAndEndBannersOnce() throws Exception {
        ChatDouble chatA = new ChatDouble();
        ChatDouble chatB = new ChatDouble();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TestRedis redis = new TestRedis(); Port api = new Port()) {
            Map<String, Object> p = OnCallContexts.properties("2025-10-20T10:00:00Z");
            OnCallContexts.tcpTarget(p, "api", api);
            p.put("datasources.default.url", TestContexts.properties().get("datasources.default.url"));
            p.put("redis.uri", redis.uri());
            try (ApplicationContext a = OnCallContexts.start(p, chatA); ApplicationContext b = OnCallContexts.start(p, chatB)) {
                Outcome planned = OnCallContexts.run(a, People.OPERATOR,
                        "maint on at=2025-10-20T11:00:00Z duration=30m kernel update targets=api");
                assertInstanceOf(Outcome.Completed.class, planned, ChatDouble.text(planned.reply()));

                for (Instant at : List.of(Instant.parse("2025-10-20T11:00:00Z"), Instant.parse("2025-10-20T11:30:00Z"))) {
                    a.getBean(MutableClock.class).set(at);
                    b.getBean(MutableClock.class).set(at);
                    int done = 0;
                    for (int round = 0; round < 3; round++) {
                        CountDownLatch go = new CountDownLatch(1);
                        List<Future<Integer>> ticks = new ArrayList<>();
                        for (ApplicationContext replica : List.of(a, b)) {
                            ticks.add(pool.submit(() -> {
                                go.await();
                                return replica.getBean(MaintenanceService.class).runDue();
                            }));
                        }
                        go.countDown();
                        for (Future<Integer> f : ticks) {
                            done += f.get();
                        }
                    }
                    assertEquals(1, done, "one replica carried it out, once, at " + at);
                }
                assertTrue(await(chatA, chatB, "Maintenance #1 is over"), chatA.sent() + " " + chatB.sent());
                assertEquals(1, posts(chatA, chatB, "Maintenance #1: kernel update"), "one start banner");
                assertEquals(1, posts(chatA, chatB, "Maintenance #1 is over"), "one end summary");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean await(ChatDouble a, ChatDouble b, String header) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (posts(a, b, header) > 0) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static long posts(ChatDouble a, ChatDouble b, String header) {
        return List.of(a, b).stream().flatMap(c -> c.posts().stream())
                .filter(s -> s.reply().header() != null && s.reply().header().startsWith(header)).count();
    }
}
