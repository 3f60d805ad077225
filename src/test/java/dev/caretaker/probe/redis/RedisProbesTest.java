package dev.caretaker.probe.redis;

import dev.caretaker.alert.ProbeRules;
import dev.caretaker.chat.ChatDouble;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.digest.ChecklistCheck;
import dev.caretaker.digest.Cron;
import dev.caretaker.digest.DigestService;
import dev.caretaker.digest.DigestSpec;
import dev.caretaker.digest.Evidence;
import dev.caretaker.digest.MutableClock;
import dev.caretaker.probe.Probe;
import dev.caretaker.probe.ProbeCatalog;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.reply.PlainText;
import dev.caretaker.support.Contexts;
import dev.caretaker.support.TestRedis;
import dev.caretaker.target.redis.QueueWire;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micronaut.context.ApplicationContext;
import dev.caretaker.target.redis.RedisTargetType;
import dev.caretaker.target.redis.RedisTargets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Redis and queue probes on a real Redis, through the alert rules to a chat double, and the Cache and queues
 * digest section and the {@code redis-healthy} check that read the same targets.
 */
class RedisProbesTest {

    private static final Instant START = Instant.parse("2025-06-02T09:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static TestRedis server;
    private static TestRedis brokerServer;
    private static RedisClient client;
    private static RedisClient brokerClient;
    private static StatefulRedisConnection<String, String> text;
    private static StatefulRedisConnection<byte[], byte[]> binary;
    private static StatefulRedisConnection<String, String> cacheConnection;
    private static RedisCommands<String, String> cache;
    private static RedisCommands<String, String> redis;
    private static RedisCommands<byte[], byte[]> raw;
    private static ApplicationContext context;
    private static MutableClock clock;
    private static final ChatDouble CHAT = new ChatDouble();

    @BeforeAll
    static void start() throws IOException {
        // the cache and the queues' broker are two servers, so the queue probes' reads do not move the cache's hit rate
        server = new TestRedis();
        brokerServer = new TestRedis();
        client = RedisClient.create(server.uri());
        brokerClient = RedisClient.create(brokerServer.uri());
        cacheConnection = client.connect();
        text = brokerClient.connect();
        binary = brokerClient.connect(ByteArrayCodec.INSTANCE);
        cache = cacheConnection.sync();
        redis = text.sync();
        raw = binary.sync();
        int nothing;
        try (ServerSocket s = new ServerSocket(0)) {
            nothing = s.getLocalPort();
        }
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.probes.enabled", false);
        p.put("caretaker.outbox.poll", "50ms");
        p.put("caretaker.alerts.default-channels", List.of("slack:COPS"));
        p.put("caretaker.test.clock", START.toString());
        p.put("caretaker.targets.cache.type", "redis");
        p.put("caretaker.targets.cache.uri", server.uri());
        p.put("caretaker.targets.broker.type", "redis");
        p.put("caretaker.targets.broker.uri", brokerServer.uri());
        p.put("caretaker.targets.down.type", "redis");
        p.put("caretaker.targets.down.uri", "redis://127.0.0.1:" + nothing);
        p.put("caretaker.targets.down.connect-timeout", "1s");
        p.put("caretaker.targets.tasks.type", "queue");
        p.put("caretaker.targets.tasks.broker", "broker");
        p.put("caretaker.targets.tasks.kind", "celery");
        p.put("caretaker.targets.tasks.backend", "broker");
        p.put("caretaker.targets.tasks.length-warn", "2");
        p.put("caretaker.targets.tasks.failures", "1");
        p.put("caretaker.targets.jobs.type", "queue");
        p.put("caretaker.targets.jobs.broker", "broker");
        p.put("caretaker.targets.jobs.kind", "rq");
        p.put("caretaker.targets.jobs.failures", "1");
        context = Contexts.start(p, CHAT);
        clock = context.getBean(MutableClock.class);
    }

    @AfterAll
    static void stop() throws Exception {
        context.close();
        cacheConnection.close();
        text.close();
        binary.close();
        client.shutdown();
        brokerClient.shutdown();
        server.close();
        brokerServer.close();
    }

    @BeforeEach
    void empty() {
        redis.flushall();
        cache.flushall();
        cache.configSet("maxmemory", "0");
        cache.configResetstat();
    }

    private static Probe probe(String target, String name) {
        return context.getBean(ProbeCatalog.class).probes().stream()
                .filter(p -> p.target().equals(target) && p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no probe " + target + "/" + name));
    }

    @Test
    void everyRedisAndQueueTargetHasItsProbes() {
        List<String> names = context.getBean(ProbeCatalog.class).probes().stream()
                .filter(p -> !p.target().equals("caretaker")).map(p -> p.target() + "/" + p.name()).sorted().toList();
        assertEquals(List.of("broker/redis-evictions", "broker/redis-hit-rate", "broker/redis-memory",
                "broker/redis-ping", "cache/redis-evictions", "cache/redis-hit-rate", "cache/redis-memory",
                "cache/redis-ping", "down/redis-evictions", "down/redis-hit-rate", "down/redis-memory", "down/redis-ping",
                "jobs/queue-failed", "jobs/queue-length", "jobs/queue-wait",
                "tasks/queue-failed", "tasks/queue-length", "tasks/queue-wait"), names);
    }

    @Test
    void memoryHitRateAndEvictionsAreMeasuredBetweenTwoReadings() {
        ProbeResult memory = probe("cache", "redis-memory").check();
        assertEquals(ProbeStatus.OK, memory.status());
        assertTrue(memory.detail().startsWith("Memory used, of the machine (no maxmemory): "), memory.detail());

        // probes of their own, so no other test has taken their first reading
        List<Probe> fresh = RedisProbes.of(context.getBean(RedisTargets.class).redis("cache").orElseThrow(),
                Duration.ofMinutes(1), Duration.ofSeconds(10), clock, RedisProbes.PING, RedisProbes.MEMORY,
                RedisProbes.HIT_RATE, RedisProbes.EVICTIONS);
        Probe hitRate = fresh.get(2);
        Probe evictions = fresh.get(3);
        assertEquals("First reading; the rate needs a second one.", hitRate.check().detail());
        assertNull(evictions.check().value());

        cache.set("hit", "1");
        for (int i = 0; i < 30; i++) {
            cache.get("hit");
        }
        for (int i = 0; i < 70; i++) {
            cache.get("miss" + i);
        }
        // a small maxmemory with LRU eviction makes the server evict while we write
        cache.configSet("maxmemory-policy", "allkeys-lru");
        long used = Long.parseLong(cache.info("memory").replaceAll("(?s).*used_memory:(\\d+).*", "$1"));
        cache.configSet("maxmemory", String.valueOf(used + 200_000));
        for (int i = 0; i < 5000; i++) {
            cache.set("filler:" + i, "x".repeat(200));
        }
        long evicted = evicted();
        assertTrue(evicted > 0, "the server evicted keys");
        clock.advance(Duration.ofMinutes(2));

        ProbeResult rate = hitRate.check();
        assertEquals(30.0, rate.value(), rate.detail());
        assertEquals(ProbeStatus.CRITICAL, rate.status(), "30 % is below the 50 % critical level");
        assertEquals("Hit rate over the last 2m: 30.0% (below 50 %).", rate.detail());
        ProbeResult perMinute = evictions.check();
        // the server may still evict as it answers the probe: the rate is of what it counted then
        assertTrue(perMinute.value() >= Math.round(evicted / 2.0 * 10) / 10.0
                && perMinute.value() <= Math.round(evicted() / 2.0 * 10) / 10.0, perMinute.detail());
        ProbeResult nowMemory = probe("cache", "redis-memory").check();
        assertTrue(nowMemory.value() > 80, "memory near maxmemory: " + nowMemory.detail());
        assertTrue(nowMemory.detail().startsWith("Memory used, of maxmemory: "), nowMemory.detail());
    }

    private static long evicted() {
        return Long.parseLong(cache.info("stats").replaceAll("(?s).*evicted_keys:(\\d+).*", "$1"));
    }

    @Test
    void anUnreachableRedisIsOneCriticalProbeAndTheOthersSayNotMeasured() {
        ProbeResult ping = probe("down", "redis-ping").check();
        assertEquals(ProbeStatus.CRITICAL, ping.status());
        String sentence = "Redis `down` at " + ping.detail().replaceAll(".* at (\\S+) did not.*", "$1")
                + " did not accept a connection within 1.0s; check that it runs and that `uri` is right.";
        assertEquals(sentence, ping.detail());
        ProbeResult memory = probe("down", "redis-memory").check();
        assertEquals(ProbeStatus.OK, memory.status());
        assertEquals("Not measured: " + sentence, memory.detail());
    }

    @Test
    void aQueueOverItsThresholdFiresOneAlertAndResolvesItInPlace() throws Exception {
        ProbeRules rules = context.getBean(ProbeRules.class);
        QueueWire.pushCelery(redis, "celery", "c1", "app.tasks.send_email", 0);
        QueueWire.pushCelery(redis, "celery", "c2", "app.tasks.send_email", 0);
        QueueWire.pushCelery(redis, "celery", "c3", "app.tasks.send_email", 3);
        Probe length = probe("tasks", "queue-length");
        ProbeResult over = length.check();
        assertEquals(ProbeStatus.WARN, over.status(), over.detail());
        assertEquals("Jobs waiting in `celery` (the longest queue): 3 (above 2).", over.detail());
        for (int i = 0; i < 4; i++) {
            rules.observe(length.check());
        }
        assertTrue(CHAT.await(WAIT, s -> s.stream().anyMatch(x -> x.kind().equals("post")
                && x.reply().header().equals("Warning: queue-length on tasks"))), CHAT.sent().toString());

        redis.del("celery");
        ProbeResult fine = length.check();
        assertEquals(ProbeStatus.OK, fine.status());
        rules.observe(fine);
        rules.observe(length.check());
        assertTrue(CHAT.await(WAIT, s -> s.stream().anyMatch(x -> x.kind().equals("update")
                && x.reply().header().equals("Resolved: queue-length on tasks"))), CHAT.sent().toString());
        assertEquals(1, CHAT.posts().stream().filter(x -> x.reply().header().endsWith("queue-length on tasks")).count(),
                "four bad checks in a row are one alert");
    }

    @Test
    void rqWaitingAgeAndFailedJobsCrossTheRunbooksLevels() {
        Instant now = clock.instant();
        QueueWire.enqueueRq(raw, "default", "j1", now.minus(Duration.ofMinutes(11)));
        for (int i = 0; i < 11; i++) {
            QueueWire.failRq(raw, "default", "f" + i, now.plus(Duration.ofDays(365)));
        }
        ProbeResult wait = probe("jobs", "queue-wait").check();
        assertEquals(ProbeStatus.WARN, wait.status(), wait.detail());
        assertEquals(660.0, wait.value());
        assertEquals("Oldest job of `default` has waited: 11m (above 600 s).", wait.detail());
        ProbeResult failed = probe("jobs", "queue-failed").check();
        assertEquals(ProbeStatus.WARN, failed.status());
        assertEquals(11.0, failed.value());
    }

    @Test
    void theDigestSectionAndTheWeeklyCheckReadTheSameFigures() throws Exception {
        cache.set("page:1", "a");
        cache.get("page:1");
        QueueWire.pushCelery(redis, "celery", "c1", "app.tasks.send_email", 0);
        QueueWire.celeryResult(redis, "f1", "FAILURE");
        Instant now = clock.instant();
        QueueWire.enqueueRq(raw, "default", "j1", now.minus(Duration.ofMinutes(3)));

        DigestSpec spec = new DigestSpec("ops", ChannelAddress.CONSOLE, Cron.parse("0 9 * * *"), ZoneId.of("UTC"),
                List.of("cache"));
        String digest = PlainText.render(context.getBean(DigestService.class).compose(spec, now, null).reply());
        assertTrue(digest.contains("Cache and queues: 3 Redis servers, 2 queue targets."), digest);
        assertTrue(digest.matches("(?s).*\\ncache\\s+[0-9.]+ [kM]B, no maxmemory\\s+100\\.0%.*"), digest);
        assertTrue(digest.contains("Redis `down` at 127.0.0.1:"), "an unreachable one is one sentence: " + digest);
        assertTrue(digest.matches("(?s).*\\njobs\\s+default\\s+1\\s+3m\\s+0.*"), digest);
        assertTrue(digest.matches("(?s).*\\ntasks\\s+celery\\s+1\\s+≥ 0s\\s+1.*"), digest);

        Evidence evidence = context.getBeansOfType(ChecklistCheck.class).stream()
                .filter(c -> c.kind().equals("redis-healthy")).findFirst().orElseThrow().check();
        assertEquals(Evidence.Verdict.FAILED, evidence.verdict(), "the unreachable target fails the check");
        assertTrue(evidence.text().startsWith("Needs a look: Redis `down` at 127.0.0.1:"), evidence.text());
        assertFalse(evidence.text().contains("`broker` finds only"),
                "a broker read only by Caretaker itself has too few reads to judge: " + evidence.text());

        dev.caretaker.target.Targets healthyOnly = new dev.caretaker.target.Targets(List.of(new dev.caretaker.target
                .TargetSpec("cache", "redis", Map.of("uri", server.uri()))), List.of(new RedisTargetType()));
        try (RedisTargets redisTargets = new RedisTargets(healthyOnly, clock, (t, q, ids, at) -> Map.of(),
                new com.fasterxml.jackson.databind.ObjectMapper())) {
            Evidence passed = new dev.caretaker.digest.check.RedisHealthyCheck(redisTargets, healthyOnly).check();
            assertEquals(Evidence.Verdict.PASSED, passed.verdict(), passed.text());
            assertTrue(passed.text().matches("Redis is healthy: `cache` memory [0-9.]+%, hit rate –, no evictions\\."),
                    passed.text());
        }
    }
}
