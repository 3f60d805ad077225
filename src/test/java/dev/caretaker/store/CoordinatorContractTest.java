package dev.caretaker.store;

import dev.caretaker.support.TestContexts;
import dev.caretaker.support.TestRedis;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every coordinator keeps the same promises: in memory, Redis (a real, embedded server), PostgreSQL (the embedded test
 * database) and Redis with the PostgreSQL copy ({@link FallbackCoordinator}).
 */
class CoordinatorContractTest {

    private static TestRedis redis;
    private static RedisCoordinator redisCoordinator;
    private static ApplicationContext context;
    private static FallbackCoordinator fallback;

    @BeforeAll
    static void start() {
        redis = new TestRedis();
        redisCoordinator = new RedisCoordinator(redis.uri());
        context = TestContexts.start(Map.of());
        fallback = new FallbackCoordinator(new RedisCoordinator(redis.uri()), context.getBean(PostgresCoordinator.class));
    }

    @AfterAll
    static void stop() throws Exception {
        redisCoordinator.close();
        fallback.close();
        context.close();
        redis.close();
    }

    static Stream<Coordinator> coordinators() {
        return Stream.of(new InMemoryCoordinator(Clock.systemUTC()), redisCoordinator,
                context.getBean(PostgresCoordinator.class), fallback);
    }

    private static String key() {
        return "k-" + UUID.randomUUID();
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("coordinators")
    void onlyTheFirstClaimWinsUntilItExpires(Coordinator c) throws InterruptedException {
        String k = key();
        assertTrue(c.claim(k, Duration.ofMillis(300)));
        assertFalse(c.claim(k, Duration.ofMillis(300)));
        assertTrue(c.remaining(k).orElseThrow().compareTo(Duration.ofMillis(300)) <= 0);
        Thread.sleep(400);
        assertTrue(c.claim(k, Duration.ofSeconds(5)));
        c.release(k);
        assertTrue(c.claim(k, Duration.ofSeconds(5)));
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("coordinators")
    void leaseBelongsToOneHolderWhoCanRenewAndRelease(Coordinator c) {
        String lease = key();
        assertTrue(c.acquireLease(lease, "a", Duration.ofSeconds(5)));
        assertFalse(c.acquireLease(lease, "b", Duration.ofSeconds(5)));
        assertTrue(c.acquireLease(lease, "a", Duration.ofSeconds(5)), "renewal");
        assertEquals("a", c.leaseHolder(lease).orElseThrow());
        c.releaseLease(lease, "b");
        assertEquals("a", c.leaseHolder(lease).orElseThrow(), "only the holder releases");
        c.releaseLease(lease, "a");
        assertTrue(c.acquireLease(lease, "b", Duration.ofSeconds(5)));
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("coordinators")
    void countersStartOverEachWindow(Coordinator c) throws InterruptedException {
        String k = key();
        assertEquals(1, c.increment(k, Duration.ofMillis(300)));
        assertEquals(2, c.increment(k, Duration.ofMillis(300)));
        Thread.sleep(400);
        assertEquals(1, c.increment(k, Duration.ofMillis(300)));
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("coordinators")
    void answersPing(Coordinator c) {
        assertTrue(c.ping());
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("coordinators")
    void generationsStartAtZeroAndOnlyGoUp(Coordinator c) {
        String name = key();
        assertEquals(0, c.generation(name));
        assertEquals(1, c.advance(name));
        assertEquals(2, c.advance(name));
        assertEquals(2, c.generation(name), "read by anyone, kept without a time to live");
    }
}
