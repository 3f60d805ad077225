package dev.caretaker.target.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.support.TestRedis;
import dev.caretaker.target.TargetSpec;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Celery, RQ and list queues read from a real Redis, with jobs written as those libraries write them
 * ({@link QueueWire} documents the shapes): lengths, waiting ages, failed counts, peeks and purges.
 */
class QueueFormatsTest {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-06-02T09:00:00Z"));

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }
    }

    /** First sightings in memory, with the store's semantics: new ids recorded, ids no longer waiting forgotten. */
    static final class MemoryFirstSeen implements FirstSeen {
        private final Map<String, Map<String, Instant>> seen = new HashMap<>();

        @Override
        public synchronized Map<String, Instant> observe(String target, String queue, Collection<String> waiting,
                                                         Instant now) {
            Map<String, Instant> q = seen.computeIfAbsent(target + "/" + queue, k -> new HashMap<>());
            q.keySet().retainAll(waiting);
            waiting.forEach(id -> q.putIfAbsent(id, now));
            return Map.copyOf(q);
        }
    }

    private static TestRedis server;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> text;
    private static StatefulRedisConnection<byte[], byte[]> binary;
    private static RedisCommands<String, String> redis;
    private static RedisCommands<byte[], byte[]> raw;
    private static ClientResources resources;
    private static RedisTarget broker;

    private final TestClock clock = new TestClock();
    private final MemoryFirstSeen firstSeen = new MemoryFirstSeen();

    @BeforeAll
    static void start() {
        server = new TestRedis();
        client = RedisClient.create(server.uri());
        text = client.connect();
        binary = client.connect(ByteArrayCodec.INSTANCE);
        redis = text.sync();
        raw = binary.sync();
        resources = DefaultClientResources.create();
        broker = new RedisTarget("broker", RedisSettings.from(new TargetSpec("broker", "redis",
                Map.of("uri", server.uri(), "scan-count", "50"))), resources, Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
        resources.shutdown();
        text.close();
        binary.close();
        client.shutdown();
        server.close();
    }

    @BeforeEach
    void empty() {
        redis.flushall();
    }

    private QueueTarget queues(QueueKind kind, List<String> names, boolean backend) {
        return RedisTargets.queue("q", new QueueSettings("broker", kind, names, backend ? Optional.of("broker")
                : Optional.empty(), true), broker, backend ? Optional.of(broker) : Optional.empty(), firstSeen,
                new ObjectMapper(), clock);
    }

    @Test
    void celeryMessagesAreWrittenExactlyAsKombuWritesThem() {
        // json.dumps of the envelope Kombu builds for send_email.delay("ada@example.com", 42, subject="Welcome")
        assertEquals("{\"body\": \"W1siYWRhQGV4YW1wbGUuY29tIiwgNDJdLCB7InN1YmplY3QiOiAiV2VsY29tZSJ9LCB7ImNhbGxiYWNrcyI6IG51bGwsI"
                + "CJlcnJiYWNrcyI6IG51bGwsICJjaGFpbiI6IG51bGwsICJjaG9yZCI6IG51bGx9XQ==\", \"content-encoding\": \"utf-8\", "
                + "\"content-type\": \"application/json\", \"headers\": {\"lang\": \"py\", \"task\": \"app.tasks.send_email\", "
                + "\"id\": \"5e0b7a52-2f4c-4b8e-9a43-6e2f3c1d9b10\", \"shadow\": null, \"eta\": null, \"expires\": null, "
                + "\"group\": null, \"group_index\": null, \"retries\": 0, \"timelimit\": [null, null], \"root_id\": "
                + "\"5e0b7a52-2f4c-4b8e-9a43-6e2f3c1d9b10\", \"parent_id\": null, \"argsrepr\": \"('ada@example.com', 42)\", "
                + "\"kwargsrepr\": \"{'subject': 'Welcome'}\", \"origin\": \"gen4242@web-1\", \"ignore_result\": false, "
                + "\"replaced_task_nesting\": 0, \"stamped_headers\": null, \"stamps\": {}}, \"properties\": {"
                + "\"correlation_id\": \"5e0b7a52-2f4c-4b8e-9a43-6e2f3c1d9b10\", \"reply_to\": "
                + "\"7c0a1e58-3d52-3a0e-9d4b-1b8c1f0f6a11\", \"delivery_mode\": 2, \"delivery_info\": {\"exchange\": \"\", "
                + "\"routing_key\": \"celery\"}, \"priority\": 0, \"body_encoding\": \"base64\", \"delivery_tag\": "
                + "\"d-5e0b7a52-2f4c-4b8e-9a43-6e2f3c1d9b10\"}}",
                QueueWire.celery("5e0b7a52-2f4c-4b8e-9a43-6e2f3c1d9b10", "app.tasks.send_email", "celery", 0));
    }

    @Test
    void celeryLengthAgeAndFailedCountsAreRightAndTheArgumentsAreNeverRead() throws Exception {
        QueueWire.pushCelery(redis, "celery", "t1", "app.tasks.send_email", 0);
        QueueWire.pushCelery(redis, "celery", "t2", "app.tasks.resize", 0);
        QueueWire.pushCelery(redis, "celery", "t3", "app.tasks.report", 6);
        QueueWire.pushCelery(redis, "emails", "e1", "app.tasks.send_email", 0);
        for (int i = 0; i < 11; i++) {
            QueueWire.celeryResult(redis, "f" + i, "FAILURE");
        }
        QueueWire.celeryResult(redis, "ok", "SUCCESS");
        QueueTarget q = queues(QueueKind.CELERY, List.of(), true);
        assertEquals(List.of("celery"), q.queues(), "Celery's default queue");

        QueueTarget.Report first = q.report(clock.instant().plusSeconds(10));
        assertEquals(new QueueTarget.QueueStats("celery", 3, Optional.of(new QueueTarget.Waiting(Duration.ZERO, true)),
                java.util.OptionalLong.empty(), java.util.OptionalLong.empty()), first.queues().get(0));
        assertEquals(Optional.of(new QueueTarget.Failed(11, true)), first.failed());

        clock.advance(Duration.ofMinutes(12));
        QueueWire.pushCelery(redis, "celery", "t4", "app.tasks.send_email", 0);
        redis.rpop("celery");  // a worker took t1, the oldest
        QueueTarget.QueueStats later = q.stats("celery");
        assertEquals(3, later.length());
        assertEquals(Optional.of(new QueueTarget.Waiting(Duration.ofMinutes(12), true)), later.oldest(),
                "t2 has waited at least since the first look");

        List<QueueTarget.Job> next = q.peek("celery", 5);
        assertEquals(List.of("t2", "t4", "t3"), next.stream().map(QueueTarget.Job::id).toList(),
                "priority 0 first, oldest first within it; then priority 6");
        assertEquals(List.of("app.tasks.resize", "app.tasks.send_email", "app.tasks.report"),
                next.stream().map(QueueTarget.Job::task).toList());
        assertEquals(Optional.of(new QueueTarget.Waiting(Duration.ZERO, true)), next.get(1).age());
        assertFalse(next.toString().contains("ada@example.com") || next.toString().contains("Welcome"), next.toString());

        assertEquals(3, q.purge("celery"));
        assertEquals(0, q.length("celery"));
        assertEquals(1, q.length("emails"), "other queues stay");
    }

    @Test
    void aProtocolOneMessageIsReadFromItsBody() throws Exception {
        String body = java.util.Base64.getEncoder().encodeToString(("{\"task\": \"app.tasks.legacy\", \"id\": \"p1\", "
                + "\"args\": [\"secret\"], \"kwargs\": {}, \"retries\": 0, \"eta\": null}").getBytes());
        redis.lpush("celery", "{\"body\": \"" + body + "\", \"content-encoding\": \"utf-8\", \"content-type\": "
                + "\"application/json\", \"headers\": {}, \"properties\": {\"body_encoding\": \"base64\", "
                + "\"delivery_info\": {\"exchange\": \"celery\", \"routing_key\": \"celery\"}, \"delivery_tag\": \"x\"}}");
        redis.lpush("celery", "not json at all");
        List<QueueTarget.Job> jobs = queues(QueueKind.CELERY, List.of(), false).peek("celery", 5);
        assertEquals("p1", jobs.get(0).id());
        assertEquals("app.tasks.legacy", jobs.get(0).task());
        assertEquals("?", jobs.get(1).task(), "an item Caretaker cannot read is still counted and shown");
        assertEquals(16, jobs.get(1).id().length());
    }

    @Test
    void rqLengthOldestRunningAndFailedAreRight() throws Exception {
        Instant now = clock.instant();
        QueueWire.enqueueRq(raw, "default", "j1", now.minus(Duration.ofMinutes(15)));
        QueueWire.enqueueRq(raw, "default", "j2", now.minus(Duration.ofMinutes(3)));
        QueueWire.enqueueRq(raw, "mail", "m1", now.minusSeconds(20));
        for (int i = 0; i < 12; i++) {
            QueueWire.failRq(raw, "default", "f" + i, now.plus(Duration.ofDays(365)));
        }
        QueueWire.failRq(raw, "default", "expired", now.minusSeconds(10));
        QueueWire.startRq(raw, "default", "r1", now.plusSeconds(240));
        QueueWire.startRq(raw, "default", "r2", now.plusSeconds(240));

        QueueTarget q = queues(QueueKind.RQ, List.of(), false);
        assertEquals(List.of("default", "mail"), q.queues(), "the queues RQ registered");
        QueueTarget.Report report = q.report(now.plusSeconds(10));
        QueueTarget.QueueStats d = report.queues().get(0);
        assertEquals(2, d.length());
        assertEquals(Optional.of(new QueueTarget.Waiting(Duration.ofMinutes(15), false)), d.oldest(),
                "from the job's own enqueued_at");
        assertEquals(12, d.failed().getAsLong(), "an expired entry of the failed registry no longer counts");
        assertEquals(2, d.running().getAsLong());
        assertEquals(Optional.of(new QueueTarget.Failed(12, true)), report.failed());

        List<QueueTarget.Job> next = q.peek("default", 5);
        assertEquals(List.of(new QueueTarget.Job("j1", "app.tasks.send_email",
                        Optional.of(new QueueTarget.Waiting(Duration.ofMinutes(15), false))),
                new QueueTarget.Job("j2", "app.tasks.send_email",
                        Optional.of(new QueueTarget.Waiting(Duration.ofMinutes(3), false)))), next);

        assertEquals(2, q.purge("default"));
        assertEquals(0L, redis.exists("rq:job:j1", "rq:job:j2"), "the jobs' hashes go with them, as `rq empty` does");
        assertEquals(1L, redis.exists("rq:job:m1"));
        assertEquals(12L, redis.zcard("rq:failed:default") - 1, "failed jobs stay");
    }

    @Test
    void aPlainListIsCountedAndAgedWithoutReadingItsItems() throws Exception {
        redis.lpush("work", "{\"user\": \"ada@example.com\"}", "second", "third");
        QueueTarget q = RedisTargets.queue("q", new QueueSettings("broker", QueueKind.LIST, List.of("work"),
                Optional.empty(), true), broker, Optional.empty(), firstSeen, new ObjectMapper(), clock);
        assertEquals(3, q.stats("work").length());
        clock.advance(Duration.ofMinutes(4));
        QueueTarget.QueueStats s = q.stats("work");
        assertEquals(Optional.of(new QueueTarget.Waiting(Duration.ofMinutes(4), true)), s.oldest());
        List<QueueTarget.Job> next = q.peek("work", 2);
        assertEquals("item of 27 bytes", next.get(0).task(), "the oldest (rightmost) first, its content unread");
        assertTrue(next.stream().noneMatch(j -> j.toString().contains("ada@")), next.toString());
        assertEquals(3, q.purge("work"));
        assertEquals(0L, redis.exists("work"));
    }
}
