package dev.caretaker.action.builtin.cache;

import dev.caretaker.action.builtin.BuiltinFormat;
import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Decision;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.PlainText;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.Caller;
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import dev.caretaker.support.TestRedis;
import dev.caretaker.target.redis.RedisInfo;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache commands through the pipeline against a real (embedded) Redis, read back with a client of our own. */
class CacheCommandsTest {

    private static TestRedis server;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> redis;
    private static ApplicationContext context;
    private static Dispatcher dispatcher;

    @BeforeAll
    static void start() {
        server = new TestRedis();
        client = RedisClient.create(server.uri());
        connection = client.connect();
        redis = connection.sync();
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.probes.enabled", false);
        p.put("caretaker.targets.cache.type", "redis");
        p.put("caretaker.targets.cache.uri", server.uri());
        // small batches and frequent progress, so a test-sized clear still shows both
        p.put("caretaker.targets.cache.scan-count", "100");
        p.put("caretaker.targets.cache.progress-interval", "20ms");
        context = TestContexts.start(p);
        dispatcher = context.getBean(Dispatcher.class);
    }

    @AfterAll
    static void stop() throws Exception {
        context.close();
        connection.close();
        client.shutdown();
        server.close();
    }

    @BeforeEach
    void empty() {
        redis.flushall();
    }

    private static Outcome run(Caller who, String line) {
        return run(who, line, List.of());
    }

    private static Outcome run(Caller who, String line, List<String> progress) {
        return dispatcher.dispatch(new CommandRequest(who, SlackPlatform.channel("COPS"), line, null, progress::add, false));
    }

    private static String text(Outcome o) {
        return PlainText.render(o.reply());
    }

    private static Map<String, String> fields(Reply reply) {
        Map<String, String> out = new HashMap<>();
        for (Block b : reply.blocks()) {
            if (b instanceof Block.Fields f) {
                f.fields().forEach(x -> out.put(x.name(), x.value()));
            }
        }
        return out;
    }

    private static Block.Table table(Reply reply) {
        return reply.blocks().stream().filter(Block.Table.class::isInstance).map(Block.Table.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no table in " + PlainText.render(reply)));
    }

    /** "879 kB" back to bytes. */
    private static double bytes(String text) {
        String[] parts = text.split(" ");
        int power = List.of("B", "kB", "MB", "GB").indexOf(parts[1]);
        return Double.parseDouble(parts[0]) * Math.pow(1024, power);
    }

    private static void fill(String prefix, int n) {
        Map<String, String> batch = new HashMap<>();
        for (int i = 0; i < n; i++) {
            batch.put(prefix + i, "v" + i);
            if (batch.size() == 1000 || i == n - 1) {
                redis.mset(batch);
                batch.clear();
            }
        }
    }

    @Test
    void statsShowTheFiguresInfoGivesDirectly() {
        fill("page:", 30);
        for (int i = 0; i < 10; i++) {
            redis.expire("page:" + i, 3600);
        }
        redis.select(2);
        fill("other:", 5);
        redis.select(0);
        for (int i = 0; i < 7; i++) {
            redis.get("page:" + i);
        }
        for (int i = 0; i < 3; i++) {
            redis.get("missing:" + i);
        }

        RedisInfo before = RedisInfo.parse(redis.info(), Instant.now());
        Outcome first = run(People.VIEWER, "cache stats");
        RedisInfo direct = RedisInfo.parse(redis.info(), Instant.now());
        assertInstanceOf(Outcome.Completed.class, first, text(first));
        Map<String, String> f = fields(first.reply());
        assertEquals("Redis cache (" + direct.version() + ", master)", first.reply().header());
        assertEquals(String.format(Locale.ROOT, "%.1f%% (%,d hits, %,d misses)", 100.0 * direct.hits()
                / (direct.hits() + direct.misses()), direct.hits(), direct.misses()), f.get("Hit rate since start"));
        assertEquals(direct.evictionPolicy(), f.get("Eviction policy"));
        assertEquals(String.format(Locale.ROOT, "%,d", direct.evictedKeys()), f.get("Evicted keys"));
        assertEquals(String.format(Locale.ROOT, "%,d", direct.expiredKeys()), f.get("Expired keys"));
        // used memory moves with every client buffer: the figure shown is within 10 % of a direct reading
        double shown = bytes(f.get("Memory").substring(0, f.get("Memory").indexOf(" used")));
        assertTrue(Math.abs(shown - direct.usedMemory()) <= 0.1 * direct.usedMemory(),
                f.get("Memory") + " vs " + before.usedMemory() + " / " + direct.usedMemory());
        assertTrue(f.get("Memory").contains(" of the machine's " + BuiltinFormat.bytes(direct.systemMemory())),
                f.get("Memory"));
        assertTrue(f.get("Memory").contains("no maxmemory"), "the test server has no limit: " + f.get("Memory"));
        assertEquals("primary with 0 replicas", f.get("Replication"));
        assertTrue(f.get("Clients").endsWith(direct.blockedClients() + " blocked"), f.get("Clients"));
        assertTrue(f.get("Persistence").contains("AOF off"), f.get("Persistence"));
        assertEquals("first reading; ask again for the rate since now", f.get("Hit rate lately"));
        assertEquals(List.of(List.of("0", "30", "10"), List.of("2", "5", "0")), table(first.reply()).rows());

        for (int i = 0; i < 4; i++) {
            redis.get("page:" + i);
            redis.get("missing:" + i);
        }
        Outcome second = run(People.VIEWER, "cache stats");
        String lately = fields(second.reply()).get("Hit rate lately");
        assertTrue(lately.startsWith("50.0% over the last "), lately);
    }

    @Test
    void keysShowsASampleWithTypeTtlAndMemoryAsRedisReportsThem() {
        fill("user:", 8);
        redis.expire("user:1", 600);
        redis.rpush("user:list", "a", "b");
        fill("other:", 50);

        Outcome o = run(People.VIEWER, "cache keys user:* limit=20");
        assertInstanceOf(Outcome.Completed.class, o, text(o));
        Block.Table t = table(o.reply());
        assertEquals(List.of("key", "type", "TTL", "memory"), t.columns());
        assertEquals(9, t.rows().size(), text(o));
        for (List<String> row : t.rows()) {
            String key = row.get(0);
            assertTrue(key.startsWith("user:"), key);
            assertEquals(redis.type(key), row.get(1));
            assertEquals(BuiltinFormat.bytes(redis.memoryUsage(key)), row.get(3));
            if (key.equals("user:1")) {
                assertTrue(row.get(2).startsWith("9m") || row.get(2).equals("10m"), row.get(2));
            } else {
                assertEquals("none", row.get(2));
            }
        }
        assertTrue(text(o).contains("All 9 matching keys."), text(o));

        Outcome few = run(People.VIEWER, "cache keys user:* limit=3");
        assertEquals(3, table(few.reply()).rows().size());
        assertTrue(text(few).contains("A sample of 3 matching keys"), text(few));

        assertEquals("No key on `cache` matches `nothing:*`.", text(run(People.VIEWER, "cache keys nothing:*")).strip());
    }

    @Test
    void clearDeletesExactlyTheMatchingKeysInBatchesAfterConfirmationWhilePingStaysFast() throws Exception {
        fill("session:", 50_000);
        fill("other:", 50_000);

        Outcome asked = run(People.OPERATOR, "cache clear pattern=session:*");
        Outcome.Pending pending = assertInstanceOf(Outcome.Pending.class, asked, text(asked));
        assertEquals("50,000", fields(pending.reply()).get("Matching keys"), text(asked));
        assertEquals(100_000L, redis.dbsize(), "the preview deletes nothing");

        // the server logs every command slower than 20 ms: none of the clear's batches may be among them, so none can
        // make a PING wait anywhere near 50 ms (a KEYS over these 100,000 keys would; 20, not less, because on a busy
        // 2-core machine the server itself is preempted inside a millisecond-long SCAN and the log counts that too)
        redis.configSet("slowlog-log-slower-than", "20000");
        redis.slowlogReset();
        List<String> progress = new CopyOnWriteArrayList<>();
        Outcome done;
        try (PingLoop pings = new PingLoop(server.port())) {
            done = dispatcher.decide(pending.token(), Decision.CONFIRM, People.OPERATOR, progress::add);
            pings.stop();
            System.out.println("PING loop during the clear: " + pings.count() + " pings, worst wait on Redis "
                    + pings.worst() + ", worst on the clock " + pings.worstRaw());
            assertTrue(pings.count() > 10, "the ping loop ran during the clear: " + pings.count());
            assertTrue(pings.worst().toMillis() <= 50, "a PING waited " + pings.worst().toMillis()
                    + " ms during the clear");
        }
        List<Object> slow = redis.slowlogGet();
        assertTrue(slow.isEmpty(), "commands slower than 20 ms on the server: " + slow);
        assertInstanceOf(Outcome.Completed.class, done, text(done));
        assertTrue(text(done).contains("Deleted 50,000 keys matching `session:*` in "), text(done));
        assertEquals(0, redis.keys("session:*").size(), "every matching key is gone");
        assertEquals(50_000L, redis.dbsize(), "every other key is still there");
        assertFalse(progress.isEmpty(), "progress is reported while it runs");
        assertTrue(progress.get(progress.size() - 1).startsWith("Clearing `cache`: "), progress.toString());
        int batches = Integer.parseInt(text(done).replaceAll("(?s).* in (\\d+) batches.*", "$1"));
        assertTrue(batches > 100, "deleted in batches, not at once: " + batches);
    }

    @Test
    void cancelDeletesNothing() {
        fill("session:", 100);
        Outcome.Pending pending = (Outcome.Pending) run(People.OPERATOR, "cache clear session:*");
        assertEquals("100", fields(pending.reply()).get("Matching keys"));
        Outcome cancelled = dispatcher.decide(pending.token(), Decision.CANCEL, People.OPERATOR, null);
        assertInstanceOf(Outcome.Completed.class, cancelled);
        assertEquals(100L, redis.dbsize());
        assertInstanceOf(Outcome.Denied.class, dispatcher.decide(pending.token(), Decision.CONFIRM, People.OPERATOR, null),
                "a cancelled request cannot be confirmed afterwards");
        assertEquals(100L, redis.dbsize());
    }

    @Test
    void starAloneIsRefusedWithAPointerToFlushEvenWhenConfirmedUpFront() {
        fill("k:", 10);
        String refusal = "`cache clear` with `*` alone would delete every key of `cache`; to empty the database, use "
                + "`cache flush` (admin), or give a narrower pattern such as `session:*`.";
        Outcome asked = run(People.OPERATOR, "cache clear *");
        assertInstanceOf(Outcome.Failed.class, asked);
        assertEquals(refusal, text(asked).strip());
        Outcome yes = dispatcher.dispatch(new CommandRequest(People.OPERATOR, ChannelAddress.CONSOLE, "cache clear **",
                null, null, true));
        assertInstanceOf(Outcome.Failed.class, yes);
        assertEquals(refusal, text(yes).strip());
        assertEquals(1, yes.exitCode());
        assertEquals(10L, redis.dbsize());
    }

    @Test
    void flushEmptiesOneDatabaseAfterConfirmationAndLeavesTheOthers() {
        fill("keep:", 20);
        redis.select(3);
        fill("drop:", 12);
        redis.select(0);

        assertInstanceOf(Outcome.Denied.class, run(People.OPERATOR, "cache flush 3"), "flush is for admins");
        Outcome.Pending pending = assertInstanceOf(Outcome.Pending.class, run(People.ADMIN, "cache flush 3"));
        assertEquals("12", fields(pending.reply()).get("Keys now"));
        Outcome done = dispatcher.decide(pending.token(), Decision.CONFIRM, People.ADMIN, null);
        assertInstanceOf(Outcome.Completed.class, done, text(done));
        assertTrue(text(done).contains("Flushed database 3 of `cache`: 12 keys deleted"), text(done));
        redis.select(3);
        assertEquals(0L, redis.dbsize());
        redis.select(0);
        assertEquals(20L, redis.dbsize());

        Outcome missing = run(People.ADMIN, "cache flush 99");
        assertInstanceOf(Outcome.Failed.class, missing);
        assertEquals("Database 99 does not exist on this server; give a number below its `databases` setting (16 "
                + "unless changed).", text(missing).strip());
    }
}
