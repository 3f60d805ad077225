package dev.caretaker.bench;

import dev.caretaker.action.builtin.cache.PingLoop;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.PlainText;
import dev.caretaker.security.Caller;
import dev.caretaker.support.TestContexts;
import dev.caretaker.support.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.micronaut.context.ApplicationContext;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code cache clear pattern=bench:session:*} of 200,000 keys (beside 100,000 keys that do not match) against the
 * baseline operators use by hand, {@code redis-cli --scan --pattern 'bench:session:*' | xargs redis-cli unlink}, on
 * the same data in the same run: the two alternate, each on a freshly filled embedded Redis, while another process
 * PINGs the server in a loop. Prints each run's time and worst PING, the medians and the ratio (target: at most 1.5x).
 * The baseline's two processes are piped by the JDK ({@link ProcessBuilder#startPipeline}), not by a shell.
 * {@code redis-cli} must be on the PATH (Debian: {@code apt-get install redis-tools}).
 * Options: {@code -Dbench.keys=200000}, {@code -Dbench.others=100000}, {@code -Dbench.runs=3} (per side).
 */
public final class CacheClearBench {

    private static final int KEYS = Integer.getInteger("bench.keys", 200_000);
    private static final int OTHERS = Integer.getInteger("bench.others", 100_000);
    private static final int RUNS = Integer.getInteger("bench.runs", 3);
    private static final String PATTERN = "bench:session:*";

    private CacheClearBench() {
    }

    /** One timed clear: how long it took and the longest PING another client waited meanwhile. */
    private record Run(String who, Duration took, Duration worstPing, Duration worstPingRaw) {
    }

    public static void main(String[] args) throws Exception {
        try (TestRedis server = new TestRedis()) {
            Map<String, Object> p = new HashMap<>();
            p.put("caretaker.probes.enabled", false);
            p.put("caretaker.targets.cache.type", "redis");
            p.put("caretaker.targets.cache.uri", server.uri());
            p.put("caretaker.targets.cache.progress-interval", "1s");
            RedisClient client = RedisClient.create(server.uri());
            try (ApplicationContext context = TestContexts.start(p);
                 StatefulRedisConnection<String, String> connection = client.connect()) {
                Dispatcher dispatcher = context.getBean(Dispatcher.class);
                Caller admin = Caller.console("bench");
                List<Run> runs = new ArrayList<>();
                // one untimed round each, so both sides start warm
                fill(connection);
                caretaker(dispatcher, admin, server.port());
                fill(connection);
                redisCli(server.port());
                for (int i = 0; i < RUNS; i++) {
                    fill(connection);
                    runs.add(caretaker(dispatcher, admin, server.port()));
                    check(connection);
                    fill(connection);
                    runs.add(redisCli(server.port()));
                    check(connection);
                }
                report(runs);
            } finally {
                client.shutdown();
            }
        }
        System.exit(0);
    }

    private static Run caretaker(Dispatcher dispatcher, Caller admin, int port) throws IOException {
        try (PingLoop pings = new PingLoop(port)) {
            long start = System.nanoTime();
            Outcome o = dispatcher.dispatch(new CommandRequest(admin, ChannelAddress.CONSOLE,
                    "cache clear pattern=" + PATTERN, null, null, true));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            pings.stop();
            if (!(o instanceof Outcome.Completed)) {
                throw new IllegalStateException("cache clear did not complete: " + PlainText.render(o.reply()));
            }
            return new Run("Caretaker", took, pings.worst(), pings.worstRaw());
        }
    }

    private static Run redisCli(int port) throws IOException, InterruptedException {
        try (PingLoop pings = new PingLoop(port)) {
            ProcessBuilder scan = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port),
                    "--scan", "--pattern", PATTERN).redirectError(ProcessBuilder.Redirect.INHERIT);
            ProcessBuilder unlink = new ProcessBuilder("xargs", "redis-cli", "-h", "127.0.0.1", "-p",
                    String.valueOf(port), "unlink").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            long start = System.nanoTime();
            List<Process> pipeline = ProcessBuilder.startPipeline(List.of(scan, unlink));
            for (Process p : pipeline) {
                if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IllegalStateException("redis-cli pipeline failed");
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            pings.stop();
            return new Run("redis-cli | xargs", took, pings.worst(), pings.worstRaw());
        }
    }

    /** The same data for every run: KEYS matching keys and OTHERS that do not, nothing else. */
    private static void fill(StatefulRedisConnection<String, String> connection) throws Exception {
        connection.sync().flushall();
        RedisAsyncCommands<String, String> async = connection.async();
        List<io.lettuce.core.RedisFuture<String>> pending = new ArrayList<>();
        Map<String, String> batch = new HashMap<>();
        for (int i = 0; i < KEYS + OTHERS; i++) {
            batch.put(i < KEYS ? "bench:session:" + i : "bench:page:" + i, "v" + i);
            if (batch.size() == 1000) {
                pending.add(async.mset(batch));
                batch = new HashMap<>();
            }
        }
        if (!batch.isEmpty()) {
            pending.add(async.mset(batch));
        }
        for (io.lettuce.core.RedisFuture<String> f : pending) {
            f.get(1, TimeUnit.MINUTES);
        }
        if (connection.sync().dbsize() != KEYS + OTHERS) {
            throw new IllegalStateException("the data was not written");
        }
    }

    /** Both sides must leave exactly the keys that do not match. */
    private static void check(StatefulRedisConnection<String, String> connection) {
        long left = connection.sync().dbsize();
        if (left != OTHERS) {
            throw new IllegalStateException(left + " keys left, expected " + OTHERS);
        }
    }

    private static void report(List<Run> runs) {
        System.out.printf(Locale.ROOT, "%nCacheClearBench: %,d matching keys beside %,d others, %d runs per side, "
                + "alternated%n", KEYS, OTHERS, RUNS);
        System.out.printf(Locale.ROOT, "%-20s %10s %22s %22s%n", "run", "time", "worst PING on Redis",
                "worst PING on clock");
        for (Run r : runs) {
            System.out.printf(Locale.ROOT, "%-20s %8.0f ms %19.1f ms %19.1f ms%n", r.who(), ms(r.took()),
                    ms(r.worstPing()), ms(r.worstPingRaw()));
        }
        double caretaker = median(runs, "Caretaker");
        double cli = median(runs, "redis-cli | xargs");
        System.out.printf(Locale.ROOT, "median: Caretaker %.0f ms, redis-cli | xargs %.0f ms, ratio %.2fx (target <= "
                + "1.5x)%n", caretaker, cli, caretaker / cli);
        System.out.printf(Locale.ROOT, "worst PING on Redis: Caretaker %.1f ms, redis-cli | xargs %.1f ms%n",
                worst(runs, "Caretaker"), worst(runs, "redis-cli | xargs"));
    }

    private static double median(List<Run> runs, String who) {
        List<Double> t = runs.stream().filter(r -> r.who().equals(who)).map(r -> ms(r.took())).sorted().toList();
        return t.get(t.size() / 2);
    }

    private static double worst(List<Run> runs, String who) {
        return runs.stream().filter(r -> r.who().equals(who)).mapToDouble(r -> ms(r.worstPing())).max().orElse(0);
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1_000_000.0;
    }
}
