package dev.caretaker.target.redis;

import dev.caretaker.target.TargetSpec;
import dev.caretaker.target.Targets;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings of redis and queue targets: what is read from a URI and the one phrase per mistake at boot. */
class RedisSettingsTest {

    private static Targets targets(TargetSpec... specs) {
        return new Targets(List.of(specs), List.of(new RedisTargetType(), new QueueTargetType()));
    }

    @Test
    void theUriGivesTlsUserPasswordAndDatabaseAndTheSettingsOverrideThem() {
        RedisSettings s = RedisSettings.from(new TargetSpec("c", "redis", Map.of(
                "uri", "rediss://ops:pa55@cache.internal:6380/3", "command-timeout", "250ms", "connect-timeout", "2s")));
        assertTrue(s.tls());
        assertEquals(3, s.database());
        assertEquals("cache.internal:6380", s.where());
        assertEquals(Duration.ofMillis(250), s.commandTimeout());
        assertEquals(Duration.ofMillis(250), s.uri().getTimeout());
        assertEquals(Duration.ofSeconds(2), s.connectTimeout());
        assertFalse(s.toString().contains("pa55"), s.toString());

        RedisSettings over = RedisSettings.from(new TargetSpec("c", "redis", Map.of(
                "uri", "redis://cache.internal", "username", "app", "password", "x", "database", "5")));
        assertEquals(5, over.database());
        assertEquals(6379, over.uri().getPort());
        assertEquals("app", over.uri().getCredentialsProvider().resolveCredentials().block().getUsername());

        RedisSettings sentinel = RedisSettings.from(new TargetSpec("c", "redis", Map.of(
                "uri", "redis-sentinel://10.0.0.1:26379,10.0.0.2:26379/2?sentinelMasterId=mymaster")));
        assertEquals("sentinel mymaster via 10.0.0.1:26379,10.0.0.2:26379", sentinel.where());
        assertEquals(2, sentinel.database());
    }

    @Test
    void mistakesFailTheBootWithOnePhraseEachAndNeverQuoteTheUri() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> targets(
                new TargetSpec("a", "redis", Map.of("url", "redis://x")),
                new TargetSpec("b", "redis", Map.of("uri", "http://user:hunter2@x:1/zz")),
                new TargetSpec("c", "redis", Map.of("uri", "redis://x", "comand-timeout", "5s")),
                new TargetSpec("d", "redis", Map.of("uri", "redis://x", "database", "two")),
                new TargetSpec("q", "queue", Map.of("broker", "web", "kind", "celery")),
                new TargetSpec("r", "queue", Map.of("broker", "c", "kind", "sidekiq")),
                new TargetSpec("web", "http", Map.of("url", "http://127.0.0.1"))));
        String m = e.getMessage();
        assertTrue(m.startsWith("Target `a` is misconfigured: redis targets take `uri`, not `url` (e.g. uri: "
                + "redis://cache.internal:6379/0); fix it under `caretaker.targets.a`. Target `b`"), m);
        assertTrue(m.contains("Target `b` is misconfigured: `uri` is not a Redis URI"), m);
        assertFalse(m.contains("hunter2"), m);
        assertTrue(m.contains("Target `c` is misconfigured: redis targets have no setting `comand-timeout`"), m);
        assertTrue(m.contains("Target `d` is misconfigured: `database` must be a whole number from 0"), m);
        assertTrue(m.contains("Target `q` is misconfigured: `broker` names `web`, which is not a redis target"), m);
        assertTrue(m.contains("Target `r` is misconfigured: `kind` must be celery, rq or list"), m);
    }

    @Test
    void aQueueTargetNamesItsBrokerKindAndQueues() {
        Targets t = targets(new TargetSpec("broker", "redis", Map.of("uri", "redis://127.0.0.1:6379/1")),
                new TargetSpec("jobs", "queue", Map.of("broker", "broker", "kind", "rq", "queues", List.of("default", "mail"))),
                new TargetSpec("tasks", "queue", Map.of("broker", "broker", "kind", "celery", "backend", "broker")));
        QueueSettings jobs = QueueSettings.from(t.spec("jobs").orElseThrow(), Map.of("broker", t.spec("broker").orElseThrow()));
        assertEquals(QueueKind.RQ, jobs.kind());
        assertEquals(List.of("default", "mail"), jobs.queues());
        assertEquals(java.util.Set.of("jobs", "tasks"), t.names("queue"));
    }
}
