package dev.caretaker.action.builtin.queue;

import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.digest.MutableClock;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Decision;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.PlainText;
import dev.caretaker.reply.Severity;
import dev.caretaker.security.Caller;
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import dev.caretaker.support.TestRedis;
import dev.caretaker.target.redis.QueueWire;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue commands through the pipeline on a real Redis holding Celery and RQ jobs written as those libraries write
 * them ({@link QueueWire}); Celery's first sightings are kept in Caretaker's own database.
 */
class QueueCommandsTest {

    private static final Instant START = Instant.parse("2025-06-02T09:00:00Z");

    private static TestRedis server;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> text;
    private static StatefulRedisConnection<byte[], byte[]> binary;
    private static RedisCommands<String, String> redis;
    private static RedisCommands<byte[], byte[]> raw;
    private static ApplicationContext context;
    private static Dispatcher dispatcher;
    private static MutableClock clock;

    @BeforeAll
    static void start() {
        server = new TestRedis();
        client = RedisClient.create(server.uri());
        text = client.connect();
        binary = client.connect(ByteArrayCodec.INSTANCE);
        redis = text.sync();
        raw = binary.sync();
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.probes.enabled", false);
        p.put("caretaker.test.clock", START.toString());
        p.put("caretaker.targets.broker.type", "redis");
        p.put("caretaker.targets.broker.uri", server.uri());
        p.put("caretaker.targets.tasks.type", "queue");
        p.put("caretaker.targets.tasks.broker", "broker");
        p.put("caretaker.targets.tasks.kind", "celery");
        p.put("caretaker.targets.tasks.backend", "broker");
        p.put("caretaker.targets.tasks.queues", List.of("celery", "emails"));
        p.put("caretaker.targets.jobs.type", "queue");
        p.put("caretaker.targets.jobs.broker", "broker");
        p.put("caretaker.targets.jobs.kind", "rq");
        context = TestContexts.start(p);
        dispatcher = context.getBean(Dispatcher.class);
        clock = context.getBean(MutableClock.class);
    }

    @AfterAll
    static void stop() throws Exception {
        context.close();
        text.close();
        binary.close();
        client.shutdown();
        server.close();
    }

    @BeforeEach
    void empty() {
        redis.flushall();
    }

    private static Outcome run(Caller who, String line) {
        return dispatcher.dispatch(new CommandRequest(who, SlackPlatform.channel("COPS"), line, null));
    }

    private static String text(Outcome o) {
        return PlainText.render(o.reply());
    }

    private static Block.Table table(Outcome o) {
        return o.reply().blocks().stream().filter(Block.Table.class::isInstance).map(Block.Table.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no table in " + text(o)));
    }

    @Test
    void celeryStatsCountEveryPriorityAgeFromFirstSightingAndFailuresInTheBackend() {
        QueueWire.pushCelery(redis, "celery", "c1", "app.tasks.send_email", 0);
        QueueWire.pushCelery(redis, "celery", "c2", "app.tasks.resize", 0);
        QueueWire.pushCelery(redis, "celery", "c3", "app.tasks.report", 9);
        QueueWire.pushCelery(redis, "emails", "e1", "app.tasks.send_email", 0);
        for (int i = 0; i < 11; i++) {
            QueueWire.celeryResult(redis, "f" + i, "FAILURE");
        }
        QueueWire.celeryResult(redis, "s1", "SUCCESS");

        Outcome first = run(People.VIEWER, "queue stats target=tasks");
        assertInstanceOf(Outcome.Completed.class, first, text(first));
        assertEquals("Queues of tasks (celery on broker)", first.reply().header());
        assertEquals(List.of(List.of("celery", "3", "at least 0s"), List.of("emails", "1", "at least 0s")),
                table(first).rows());
        assertTrue(text(first).contains("Failed tasks in the result backend: 11."), text(first));
        assertEquals(Severity.WARN, first.reply().severity(), "more than 10 failed tasks");

        clock.advance(Duration.ofMinutes(12));
        Outcome later = run(People.VIEWER, "queue stats target=tasks");
        assertEquals(List.of("celery", "3", "at least 12m"), table(later).rows().get(0));
        assertTrue(text(later).contains("\"at least\" counts from when Caretaker first saw the job waiting"), text(later));
    }

    @Test
    void peekShowsTaskNamesIdsAndWaitsButNeverTheArguments() {
        QueueWire.pushCelery(redis, "celery", "c1", "app.tasks.send_email", 0);
        QueueWire.pushCelery(redis, "celery", "c2", "app.tasks.resize", 0);
        Outcome o = run(People.VIEWER, "queue peek celery target=tasks");
        assertInstanceOf(Outcome.Completed.class, o, text(o));
        assertEquals(List.of(List.of("app.tasks.send_email", "c1", "at least 0s"),
                List.of("app.tasks.resize", "c2", "at least 0s")), table(o).rows());
        assertFalse(text(o).contains("ada@example.com") || text(o).contains("Welcome") || text(o).contains("42"),
                text(o));

        Instant now = clock.instant();
        QueueWire.enqueueRq(raw, "default", "j1", now.minus(Duration.ofMinutes(15)));
        Outcome rq = run(People.VIEWER, "queue peek default target=jobs");
        assertEquals(List.of(List.of("app.tasks.send_email", "j1", "15m")), table(rq).rows());
        assertFalse(text(rq).contains("ada@example.com"), text(rq));

        assertEquals("`tasks` has no queue `nowhere` with jobs waiting; it watches celery, emails.",
                text(run(People.VIEWER, "queue peek nowhere target=tasks")).strip());
    }

    @Test
    void rqStatsShowRunningAndFailedPerQueueAndWarnPastTenMinutes() {
        Instant now = clock.instant();
        QueueWire.enqueueRq(raw, "default", "j1", now.minus(Duration.ofMinutes(11)));
        QueueWire.enqueueRq(raw, "default", "j2", now.minus(Duration.ofMinutes(1)));
        QueueWire.failRq(raw, "default", "f1", now.plus(Duration.ofDays(365)));
        QueueWire.startRq(raw, "default", "r1", now.plusSeconds(200));
        QueueWire.enqueueRq(raw, "high", "h1", now.minusSeconds(30));
        Outcome o = run(People.VIEWER, "queue stats target=jobs");
        assertEquals(List.of("queue", "waiting", "oldest waits", "running", "failed"), table(o).columns());
        assertEquals(List.of(List.of("default", "2", "11m", "1", "1"), List.of("high", "1", "30s", "0", "0")),
                table(o).rows());
        assertEquals(Severity.WARN, o.reply().severity(), "a job has waited more than 10 minutes");
    }

    @Test
    void purgeCountsFirstAndRemovesOnlyAfterTheAdminConfirms() {
        QueueWire.pushCelery(redis, "celery", "c1", "app.tasks.send_email", 0);
        QueueWire.pushCelery(redis, "celery", "c2", "app.tasks.send_email", 3);
        QueueWire.pushCelery(redis, "emails", "e1", "app.tasks.send_email", 0);

        assertInstanceOf(Outcome.Denied.class, run(People.OPERATOR, "queue purge celery target=tasks"));
        Outcome.Pending asked = assertInstanceOf(Outcome.Pending.class, run(People.ADMIN, "queue purge celery target=tasks"));
        assertTrue(text(asked).contains("Jobs waiting now: 2"), text(asked));
        Outcome cancelled = dispatcher.decide(asked.token(), Decision.CANCEL, People.ADMIN, null);
        assertInstanceOf(Outcome.Completed.class, cancelled);
        assertEquals(1L, redis.llen("celery"), "cancel removes nothing");

        Outcome.Pending again = (Outcome.Pending) run(People.ADMIN, "queue purge celery target=tasks");
        Outcome done = dispatcher.decide(again.token(), Decision.CONFIRM, People.ADMIN, null);
        assertEquals("Removed 2 jobs waiting in `celery` on `tasks`.", text(done).lines().findFirst().orElseThrow());
        assertEquals(0L, redis.exists("celery", "celery\u0006\u00163"));
        assertEquals(1L, redis.llen("emails"), "other queues stay");
    }
}
