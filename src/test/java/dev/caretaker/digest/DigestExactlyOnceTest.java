package dev.caretaker.digest;

import dev.caretaker.store.DigestRuns;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two replicas sharing one database post a scheduled digest once, even when both try at the same moment. */
class DigestExactlyOnceTest {

    @Test
    void twoContextsSharingTheStorePostTheDigestOnce() throws Exception {
        Map<String, Object> props = DigestContexts.berlinDigest("2025-01-15T08:00:02Z", List.of("status"));
        props.put("datasources.default.url", TestContexts.properties().get("datasources.default.url"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ApplicationContext a = DigestContexts.start(props); ApplicationContext b = DigestContexts.start(props)) {
            for (int round = 0; round < 3; round++) {
                CountDownLatch go = new CountDownLatch(1);
                Callable<Integer> tickA = () -> {
                    go.await();
                    return a.getBean(DigestService.class).runDue().size();
                };
                Callable<Integer> tickB = () -> {
                    go.await();
                    return b.getBean(DigestService.class).runDue().size();
                };
                Future<Integer> fa = pool.submit(tickA);
                Future<Integer> fb = pool.submit(tickB);
                go.countDown();
                fa.get();
                fb.get();
            }
            a.getBean(RecordingChat.class).awaitPosts(1, java.time.Duration.ofSeconds(5));
            b.getBean(RecordingChat.class).awaitPosts(1, java.time.Duration.ofSeconds(1)); // time for a duplicate to show
            int posts = a.getBean(RecordingChat.class).posts().size() + b.getBean(RecordingChat.class).posts().size();
            assertEquals(1, posts, "one message in the channel");
            assertEquals(1, a.getBean(DigestRuns.class).count("morning"));
        } finally {
            pool.shutdownNow();
        }
    }
}
