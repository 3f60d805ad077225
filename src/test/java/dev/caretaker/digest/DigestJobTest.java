package dev.caretaker.digest;

import dev.caretaker.store.DigestRuns;
import dev.caretaker.store.Leadership;
import dev.caretaker.support.TestContexts;
import dev.caretaker.support.TestRedis;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The scheduled job on two replicas sharing the database and a Redis coordinator: the lease holder posts, once. */
class DigestJobTest {

    @Test
    void onlyTheLeaseHolderPostsAndOnlyOnce() throws Exception {
        try (TestRedis redis = new TestRedis()) {
            Map<String, Object> p = DigestContexts.berlinDigest("2025-06-02T07:00:05Z", List.of("status"));
            p.put("datasources.default.url", TestContexts.properties().get("datasources.default.url"));
            p.put("redis.uri", redis.uri());
            p.put("caretaker.leader.lease", "3s");
            p.put("caretaker.digest.scheduler.enabled", "true");
            p.put("caretaker.digest.tick", "300ms");
            p.put("caretaker.digest.initial-delay", "0s");
            try (ApplicationContext a = DigestContexts.start(p); ApplicationContext b = DigestContexts.start(p)) {
                assertNotEquals(a.getBean(Leadership.class).isLeader(), b.getBean(Leadership.class).isLeader(),
                        "one replica holds the scheduler lease");
                RecordingChat chatA = a.getBean(RecordingChat.class);
                RecordingChat chatB = b.getBean(RecordingChat.class);
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (chatA.posts().size() + chatB.posts().size() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(1500); // many more ticks on both replicas
                String leader = (a.getBean(Leadership.class).isLeader() ? a : b).getBean(Leadership.class).holder();
                assertEquals(java.util.Optional.of(leader), a.getBean(DigestRuns.class).replica("morning",
                        java.time.Instant.parse("2025-06-02T07:00:00Z")), "the lease holder claimed and sent it");
                assertEquals(1, chatA.posts().size() + chatB.posts().size(), "one message in the channel");
                assertEquals(1, a.getBean(DigestRuns.class).count("morning"));
            }
        }
    }
}
