package dev.caretaker.action.builtin.cache;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.caretaker.action.ActionResult;
import dev.caretaker.action.builtin.db.FakeContext;
import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.PlainText;
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import dev.caretaker.support.TestRedis;
import dev.caretaker.target.redis.RedisTarget;
import dev.caretaker.target.redis.RedisTargets;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doAnswer;

/**
 * What users read when a Redis target cannot be used: unreachable, wrong password, a database that does not exist,
 * and a key that goes away between SCAN and UNLINK. One sentence each, exit 1 from {@code run} for the failures, no
 * password or driver text in a reply or the log, and the healthy target unaffected.
 */
class CacheFailuresTest {

    private static final String PASSWORD = "s3cret-Pa55";
    private static final String WRONG = "wr0ng-Pa55";

    private static TestRedis server;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> redis;
    private static ApplicationContext context;
    private static Dispatcher dispatcher;
    private static int nothingListens;

    @BeforeAll
    static void start() throws IOException {
        server = new TestRedis();
        client = RedisClient.create(server.uri());
        connection = client.connect();
        redis = connection.sync();
        redis.aclSetuser("ops", io.lettuce.core.AclSetuserArgs.Builder.on().addPassword(PASSWORD).allKeys().allCommands());
        try (ServerSocket s = new ServerSocket(0)) {
            nothingListens = s.getLocalPort();
        }
        Map<String, Object> p = new HashMap<>(targets());
        p.put("caretaker.probes.enabled", false);
        context = TestContexts.start(p);
        dispatcher = context.getBean(Dispatcher.class);
    }

    private static Map<String, String> targets() {
        String port = server.uri().substring(server.uri().lastIndexOf(':') + 1);
        Map<String, String> p = new HashMap<>();
        p.put("caretaker.targets.cache.type", "redis");
        p.put("caretaker.targets.cache.uri", "redis://127.0.0.1:" + port);
        p.put("caretaker.targets.down.type", "redis");
        p.put("caretaker.targets.down.uri", "redis://127.0.0.1:" + nothingListens);
        p.put("caretaker.targets.down.connect-timeout", "1s");
        p.put("caretaker.targets.badpass.type", "redis");
        p.put("caretaker.targets.badpass.uri", "redis://ops:" + WRONG + "@127.0.0.1:" + port);
        p.put("caretaker.targets.baddb.type", "redis");
        p.put("caretaker.targets.baddb.uri", "redis://127.0.0.1:" + port + "/99");
        p.put("caretaker.targets.acl.type", "redis");
        p.put("caretaker.targets.acl.uri", "redis://127.0.0.1:" + port + "/1");
        p.put("caretaker.targets.acl.username", "ops");
        p.put("caretaker.targets.acl.password", PASSWORD);
        return p;
    }

    @AfterAll
    static void stop() throws Exception {
        context.close();
        connection.close();
        client.shutdown();
        server.close();
    }

    private static Outcome run(String line) {
        return dispatcher.dispatch(new CommandRequest(People.OPERATOR, SlackPlatform.channel("COPS"), line, null));
    }

    private static String text(Outcome o) {
        return PlainText.render(o.reply()).strip();
    }

    /** Runs {@code work} and answers every log line it wrote (message and any exception text). */
    private static List<String> logged(Runnable work) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        try {
            work.run();
        } finally {
            root.detachAppender(appender);
        }
        return appender.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
    }

    @Test
    void eachFailureIsOneSentenceExitOneAndTheHealthyTargetKeepsWorking() {
        redis.set("still:here", "1");
        Map<String, String> expected = Map.of(
                "down", "Redis `down` at 127.0.0.1:" + nothingListens + " did not accept a connection within 1.0s; "
                        + "check that it runs and that `uri` is right.",
                "badpass", "Redis `badpass` refused the username or password; check `username` and `password` (or the "
                        + "ones in `uri`) under `caretaker.targets.badpass`.",
                "baddb", "Redis `baddb` has no database 99; use a number below its `databases` setting (16 unless "
                        + "changed) in `caretaker.targets.baddb`.");
        List<String> log = logged(() -> {
            for (Map.Entry<String, String> e : expected.entrySet()) {
                for (String command : List.of("cache stats", "cache keys x:*", "cache clear x:*", "cache flush")) {
                    Outcome o = dispatcher.dispatch(new CommandRequest(People.ADMIN, SlackPlatform.channel("COPS"),
                            command + " target=" + e.getKey(), null));
                    assertInstanceOf(Outcome.Failed.class, o, command + ": " + text(o));
                    assertEquals(1, o.exitCode());
                    assertEquals(e.getValue(), text(o), command);
                }
                Outcome healthy = run("cache stats target=cache");
                assertInstanceOf(Outcome.Completed.class, healthy, text(healthy));
            }
        });
        assertEquals("1", redis.get("still:here"), "nothing else is disturbed");
        assertFalse(log.isEmpty(), "the failures are logged");
        for (String line : log) {
            assertFalse(line.contains(WRONG) || line.contains(PASSWORD), line);
            assertFalse(line.contains("WRONGPASS") || line.contains("out of range") || line.contains("Connection refused"),
                    "no driver or server text in the log: " + line);
        }
    }

    @Test
    void anAclUserWithTheRightPasswordWorksInItsDatabase() {
        redis.select(1);
        redis.set("acl:key", "v");
        redis.select(0);
        Outcome o = run("cache keys acl:* target=acl");
        assertInstanceOf(Outcome.Completed.class, o, text(o));
        assertTrue(text(o).contains("acl:key"), text(o));
    }

    @Test
    void aKeyThatGoesAwayBetweenScanAndUnlinkIsCountedAndSaidInOneSentence() throws Exception {
        for (int i = 0; i < 10; i++) {
            redis.set("vanish:" + i, "v");
        }
        RedisTarget real = context.getBean(RedisTargets.class).redis("cache").orElseThrow();
        // the race cannot be timed from outside: the key is deleted by someone else just before UNLINK runs
        RedisTarget racing = Mockito.spy(real);
        doAnswer(call -> {
            redis.del("vanish:3");
            return call.callRealMethod();
        }).when(racing).unlink(anyList());
        RedisTargets targets = Mockito.mock(RedisTargets.class);
        Mockito.when(targets.only("redis")).thenReturn(Optional.of("cache"));
        Mockito.when(targets.redis("cache")).thenReturn(Optional.of(racing));

        ActionResult r = new CacheClearAction(targets, java.time.Clock.systemUTC())
                .run(new FakeContext("cache clear").with(Map.of("pattern", "vanish:*")));
        assertInstanceOf(ActionResult.Ok.class, r, "the clear did its job: every matching key is gone");
        assertEquals("Deleted 9 keys matching `vanish:*` in 1 batch", FakeContext.text(r).lines().filter(
                l -> l.startsWith("Deleted")).findFirst().orElseThrow().replaceAll(" \\(.*", ""));
        assertTrue(FakeContext.text(r).contains("1 matching key was already gone when its batch was unlinked (expired "
                + "or deleted meanwhile); nothing to do for it."), FakeContext.text(r));
        assertEquals(0, redis.keys("vanish:*").size());
    }

    @Test
    void aClearThatRunsOutOfTimeStopsBetweenBatchesAndSaysHowFarItGot() throws Exception {
        for (int i = 0; i < 500; i++) {
            redis.set("slow:" + i, "v");
        }
        redis.set("other", "v");
        // every look at the clock is a minute later, so the 10 minutes run out after a few batches
        java.time.Clock jumping = new java.time.Clock() {
            private final java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                    new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2025-06-02T09:00:00Z"));

            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return now.getAndUpdate(i -> i.plus(java.time.Duration.ofMinutes(1)));
            }
        };
        String port = server.uri().substring(server.uri().lastIndexOf(':') + 1);
        io.lettuce.core.resource.ClientResources resources = io.lettuce.core.resource.DefaultClientResources.create();
        try (RedisTarget slow = new RedisTarget("cache", dev.caretaker.target.redis.RedisSettings.from(
                new dev.caretaker.target.TargetSpec("cache", "redis", Map.of("uri", "redis://127.0.0.1:" + port,
                        "scan-count", "10"))), resources, jumping)) {
            RedisTargets targets = Mockito.mock(RedisTargets.class);
            Mockito.when(targets.only("redis")).thenReturn(Optional.of("cache"));
            Mockito.when(targets.redis("cache")).thenReturn(Optional.of(slow));
            FakeContext context = new FakeContext("cache clear", java.time.Duration.ofMinutes(10));
            ActionResult r = new CacheClearAction(targets, jumping).run(context.with(Map.of("pattern", "slow:*")));
            String said = FakeContext.text(r);
            assertInstanceOf(ActionResult.Ok.class, r, said);
            assertEquals(dev.caretaker.reply.Severity.WARN, r.reply().severity());
            assertTrue(said.contains("Stopped between batches as the command's 10m ran out; the keys not yet deleted "
                    + "are untouched. Run it again to continue."), said);
            long deleted = Long.parseLong(said.replaceAll("(?s).*Deleted ([0-9,]+) keys?.*", "$1").replace(",", ""));
            long left = redis.keys("slow:*").size();
            assertTrue(deleted > 0 && left > 0, "it stopped part way: " + said);
            assertEquals(500, deleted + left, "what it says it deleted is exactly what is gone");
            assertEquals("v", redis.get("other"));
        } finally {
            resources.shutdown();
        }
    }
}
