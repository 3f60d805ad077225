package dev.caretaker.store;

import dev.caretaker.support.TestContexts;
import dev.caretaker.support.TestRedis;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** REDIS_URI (redis.uri) set: the Lettuce coordinator with the PostgreSQL fallback; not set: the in-memory one. */
class CoordinatorChoiceTest {

    @Test
    void redisUriSelectsTheRedisCoordinator() throws Exception {
        try (TestRedis redis = new TestRedis();
             ApplicationContext ctx = TestContexts.start(Map.of("redis.uri", redis.uri()))) {
            Coordinator c = ctx.getBean(Coordinator.class);
            assertInstanceOf(FallbackCoordinator.class, c, "Redis, with PostgreSQL answering when it is lost");
            assertEquals(redis.uri(), c.describe());
        }
    }

    @Test
    void withoutRedisTheInMemoryCoordinatorServes() {
        try (ApplicationContext ctx = TestContexts.start(Map.of())) {
            assertInstanceOf(InMemoryCoordinator.class, ctx.getBean(Coordinator.class));
        }
    }
}
