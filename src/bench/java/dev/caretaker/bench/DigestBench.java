package dev.caretaker.bench;

import dev.caretaker.chat.discord.DiscordGateway;
import dev.caretaker.digest.DigestService;
import dev.caretaker.digest.LoopbackTargets;
import dev.caretaker.digest.MutableClock;
import dev.caretaker.fake.discord.FakeDiscord;
import dev.caretaker.support.CommandFiles;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The daily digest for 500 HTTP targets on a loopback server, posted through the outbox and the real JDA to the
 * fake Discord: time per digest until Discord has it, and the share spent probing, rendering (sections, PostgreSQL,
 * chart) and claiming. The baseline,
 * measured in the same run, is the bare probing: 500 GETs with the JDK client at the same concurrency.
 * Options: {@code -Dbench.targets=500}, {@code -Dbench.runs=7}, {@code -Dbench.concurrency=32}.
 */
public final class DigestBench {

    private static final int TARGETS = Integer.getInteger("bench.targets", 500);
    private static final int RUNS = Integer.getInteger("bench.runs", 7);
    private static final int WARMUP = 2;
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 32);

    private DigestBench() {
    }

    public static void main(String[] args) throws Exception {
        Path temp = Files.createTempDirectory("digest-bench");
        try (FakeDiscord discord = FakeDiscord.start();
             LoopbackTargets targets = new LoopbackTargets(7, Duration.ofMillis(0), -1)) {
            Map<String, Object> p = new HashMap<>(targets.targetProperties(TARGETS));
            p.put("caretaker.test.clock", "2025-06-02T09:00:05Z");
            p.put("caretaker.digest.scheduler.enabled", "false");
            p.put("caretaker.probes.enabled", "false");
            p.put("caretaker.digest.probe-concurrency", String.valueOf(CONCURRENCY));
            p.put("caretaker.digests", List.of(Map.of("name", "bench", "channel", "discord:" + FakeDiscord.CHANNEL_ID,
                    "cron", "0 9 * * *")));
            p.put("caretaker.discord.bot-token", "fake-bot-token");
            p.put("caretaker.discord.api-url", discord.apiUrl());
            p.put("caretaker.discord.gateway-url", discord.gatewayUrl());
            p.put("caretaker.discord.lease", "3s");
            p.put("caretaker.discord.command-hash-file", temp.resolve("hash").toString());
            p.put("caretaker.commands-dir", CommandFiles.dir(temp.resolve("commands"), "none.yml", "commands: []\n")
                    .toString());
            try (ApplicationContext ctx = TestContexts.start(p)) {
                discord.await("PUT", "/applications/\\d+/commands", Duration.ofSeconds(30));
                ctx.getBean(DiscordGateway.class).jda().orElseThrow().awaitReady();
                MutableClock clock = ctx.getBean(MutableClock.class);
                DigestService digests = ctx.getBean(DigestService.class);
                HttpClient client = HttpClient.newHttpClient();

                List<double[]> digestRuns = new ArrayList<>();
                List<Double> baselineRuns = new ArrayList<>();
                java.util.concurrent.atomic.AtomicInteger baselineErrors = new java.util.concurrent.atomic.AtomicInteger();
                for (int run = 0; run < WARMUP + RUNS; run++) {
                    // alternate baseline and digest so that other load on the machine hits both alike
                    double baseline = bareProbing(client, targets, baselineErrors);
                    long start = System.nanoTime();
                    java.time.Instant startWall = java.time.Instant.now();
                    List<DigestService.Posted> posted = digests.runDue();
                    double total = (System.nanoTime() - start) / 1e6;
                    if (posted.size() != 1) {
                        throw new IllegalStateException("expected one digest, got " + posted.size());
                    }
                    DigestService.Composed c = posted.get(0).digest();
                    // delivery is the outbox's: count until the fake Discord has the message
                    discord.await(r -> r.is("POST", "/channels/\\d+/messages") && r.at().isAfter(startWall),
                            Duration.ofSeconds(30));
                    total = (System.nanoTime() - start) / 1e6;
                    if (run >= WARMUP) {
                        baselineRuns.add(baseline);
                        digestRuns.add(new double[] {total, c.probing().toNanos() / 1e6, c.rendering().toNanos() / 1e6,
                                posted.get(0).sending().toNanos() / 1e6});
                    }
                    clock.advance(Duration.ofDays(1));
                }
                report(digestRuns, baselineRuns, baselineErrors.get());
            }
        }
    }

    private static double bareProbing(HttpClient client, LoopbackTargets targets,
                                      java.util.concurrent.atomic.AtomicInteger errors) throws Exception {
        Semaphore slots = new Semaphore(CONCURRENCY);
        long start = System.nanoTime();
        List<CompletableFuture<Boolean>> all = new ArrayList<>();
        for (int n = 1; n <= TARGETS; n++) {
            slots.acquire();
            // a reused keep-alive connection the server has just closed fails like a probe would; count it, go on
            all.add(client.sendAsync(HttpRequest.newBuilder(URI.create(targets.url(n))).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).handle((r, e) -> {
                        slots.release();
                        return e == null;
                    }));
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).join();
        errors.addAndGet((int) all.stream().filter(f -> !f.join()).count());
        return (System.nanoTime() - start) / 1e6;
    }

    private static void report(List<double[]> runs, List<Double> baseline, int baselineErrors) {
        double total = median(runs, 0);
        double probing = median(runs, 1);
        double rendering = median(runs, 2);
        double sending = median(runs, 3);
        double bare = baseline.stream().sorted().toList().get(baseline.size() / 2);
        System.out.printf(Locale.ROOT, "Digest with %d HTTP targets, %d runs after %d warm-up (medians)%n", TARGETS,
                runs.size(), WARMUP);
        System.out.printf(Locale.ROOT, "  digest total        %7.0f ms%n", total);
        System.out.printf(Locale.ROOT, "    probing           %7.0f ms  (%4.1f %%)%n", probing, probing * 100 / total);
        System.out.printf(Locale.ROOT, "    rendering         %7.0f ms  (%4.1f %%)  sections, PostgreSQL, chart%n",
                rendering, rendering * 100 / total);
        System.out.printf(Locale.ROOT, "    claim + enqueue   %7.0f ms  (%4.1f %%)%n", sending, sending * 100 / total);
        System.out.printf(Locale.ROOT, "    other             %7.0f ms  (history rollups, outbox delivery with the PNG)%n",
                total - probing - rendering - sending);
        System.out.printf(Locale.ROOT, "  baseline: bare GETs %7.0f ms (%d failed requests in all runs)%n", bare,
                baselineErrors);
        System.out.printf(Locale.ROOT, "  ratio digest / bare probing: %.1fx; probing / bare probing: %.1fx%n",
                total / bare, probing / bare);
    }

    private static double median(List<double[]> runs, int column) {
        List<Double> v = runs.stream().map(r -> r[column]).sorted().toList();
        return v.get(v.size() / 2);
    }
}
