package dev.caretaker.bench;

import dev.caretaker.chat.slack.SlackPlatform;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.sun.net.httpserver.HttpServer;
import dev.caretaker.chat.slack.SlackCommandRunner;
import dev.caretaker.fake.slack.FakeSlack;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.security.Caller;
import dev.caretaker.security.Secret;
import dev.caretaker.security.SlackRequestVerifier;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ack latency of a signed {@code /ops help} at a fixed 100 requests/s: Caretaker (Micronaut, our signature
 * check, Bolt, the Dispatcher with audit on PostgreSQL, the Block Kit renderer) against a bare Bolt app
 * answering the same requests in the same run (JDK HTTP server, Bolt's own signature check). Prints p50,
 * p99 and the ratio. Open loop: requests leave on schedule whether or not earlier ones have returned.
 */
public final class SlackAckBench {

    static final String SECRET = "bench-signing-secret";
    private static final int RATE = Integer.getInteger("bench.rate", 100);
    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmupSeconds", 10));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 30));

    private SlackAckBench() {
    }

    public static void main(String[] args) throws Exception {
        int status = 0;
        try (FakeSlack fake = FakeSlack.start()) {
            HttpServer bare = bareBolt(fake);
            ApplicationContext caretaker = caretaker(fake);
            try {
                String bareUrl = "http://127.0.0.1:" + bare.getAddress().getPort() + "/slack/events";
                String caretakerUrl = caretaker.getBean(EmbeddedServer.class).getURL() + "/slack/events";
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .executor(Executors.newFixedThreadPool(4)).build();
                System.out.printf("Slack ack latency, signed /ops help, %d req/s, %ds warm-up + %ds measured each "
                                + "(alternating 1 s slices), %d cores, load average %.1f%n",
                        RATE, WARMUP.toSeconds(), MEASURE.toSeconds(), Runtime.getRuntime().availableProcessors(),
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                run(http, bareUrl, WARMUP);
                run(http, caretakerUrl, WARMUP);
                // Alternate one-second slices so load from anything else on the machine hits both alike.
                Result bolt = Result.EMPTY;
                Result ours = Result.EMPTY;
                for (long s = 0; s < MEASURE.toSeconds(); s++) {
                    bolt = bolt.plus(run(http, bareUrl, Duration.ofSeconds(1)));
                    ours = ours.plus(run(http, caretakerUrl, Duration.ofSeconds(1)));
                }
                Result pipeline = pipelineOnly(caretaker);
                System.out.println(bolt.line("bare Bolt"));
                System.out.println(ours.line("Caretaker"));
                System.out.printf("ratio Caretaker / bare Bolt: p50 %.2fx, p99 %.2fx%n",
                        ours.p50() / bolt.p50(), ours.p99() / bolt.p99());
                System.out.println(pipeline.line("Dispatcher.dispatch(help) alone, in process, one at a time:"));
                System.out.println(runnerOnly(caretaker).line(
                        "SlackCommandRunner.command(help) (worker hand-off, roles, dispatch, Block Kit), one at a time:"));
                if (ours.errors() > 0 || bolt.errors() > 0) {
                    status = 1;
                }
            } finally {
                caretaker.close();
                bare.stop(0);
            }
        }
        System.exit(status);
    }

    record Result(List<Double> millis, int errors) {
        static final Result EMPTY = new Result(List.of(), 0);

        Result plus(Result other) {
            List<Double> all = new ArrayList<>(millis);
            all.addAll(other.millis);
            return new Result(all, errors + other.errors);
        }

        double p(double q) {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
        }

        double p50() {
            return p(0.50);
        }

        double p99() {
            return p(0.99);
        }

        String line(String name) {
            return String.format("%s n=%d errors=%d p50=%.2f ms p99=%.2f ms max=%.2f ms", name, millis.size(), errors,
                    p50(), p99(), p(1.0)) + (errors > 0 ? " (first failure: " + FIRST_FAILURE.get() + ")" : "");
        }
    }

    /** Sends RATE signed requests per second for {@code duration}; answers each one's latency. */
    /** What the first failed request got, for the printout. */
    static final java.util.concurrent.atomic.AtomicReference<String> FIRST_FAILURE =
            new java.util.concurrent.atomic.AtomicReference<>();

    static Result run(HttpClient http, String url, Duration duration) throws Exception {
        SlackRequestVerifier signer = new SlackRequestVerifier(Secret.of(SECRET), Clock.systemUTC());
        int total = (int) (RATE * duration.toSeconds());
        List<CompletableFuture<Double>> results = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long periodNanos = 1_000_000_000L / RATE;
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        ticker.scheduleAtFixedRate(() -> {
            if (sent.incrementAndGet() > total) {
                done.countDown();
                return;
            }
            byte[] body = helpCommand().getBytes(StandardCharsets.UTF_8);
            String ts = String.valueOf(Instant.now().getEpochSecond());
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Slack-Request-Timestamp", ts)
                    .header("X-Slack-Signature", signer.sign(ts, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            long start = System.nanoTime();
            results.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
                if (e == null && r.statusCode() == 200 && r.body().contains("whoami")) {
                    return (System.nanoTime() - start) / 1e6;
                }
                // the first failure is printed with the results: a bench of nothing but errors must say why
                FIRST_FAILURE.compareAndSet(null, e != null ? e.toString()
                        : r.statusCode() + " " + r.body().substring(0, Math.min(200, r.body().length())));
                return -1.0;
            }));
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        done.await(duration.toSeconds() + 30, TimeUnit.SECONDS);
        ticker.shutdownNow();
        List<Double> millis = new ArrayList<>();
        int errors = 0;
        for (CompletableFuture<Double> f : List.copyOf(results)) {
            double ms = f.get(10, TimeUnit.SECONDS);
            if (ms < 0) {
                errors++;
            } else {
                millis.add(ms);
            }
        }
        return new Result(millis, errors);
    }

    /** Where the time goes: the pipeline alone (parse, dedup, roles, audit, action) without HTTP or Bolt. */
    private static Result pipelineOnly(ApplicationContext caretaker) {
        Dispatcher dispatcher = caretaker.getBean(Dispatcher.class);
        Caller caller = new Caller(SlackPlatform.SLACK, "U0BENCH", "bench", java.util.Set.of());
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            long start = System.nanoTime();
            dispatcher.dispatch(new CommandRequest(caller, SlackPlatform.channel("C0BENCH"), "help", "bench-" + UUID.randomUUID()));
            if (i >= 500) {
                millis.add((System.nanoTime() - start) / 1e6);
            }
        }
        return new Result(millis, 0);
    }

    /** The adapter's share without HTTP and Bolt: the caller, dispatch on this thread (as a request's), rendering. */
    private static Result runnerOnly(ApplicationContext caretaker) {
        SlackCommandRunner runner = caretaker.getBean(SlackCommandRunner.class);
        SlackCommandRunner.Origin origin = new SlackCommandRunner.Origin("U0BENCH", "bench", "C0BENCH",
                "http://127.0.0.1:9/unused", null);
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            long start = System.nanoTime();
            runner.command(origin, "help", "bench-" + UUID.randomUUID(), ack -> { });
            if (i >= 500) {
                millis.add((System.nanoTime() - start) / 1e6);
            }
        }
        return new Result(millis, 0);
    }

    private static String helpCommand() {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("token", "legacy");
        form.put("team_id", FakeSlack.TEAM_ID);
        form.put("channel_id", "C0BENCH");
        form.put("user_id", "U0BENCH");
        form.put("user_name", "bench");
        form.put("command", "/ops");
        form.put("text", "help");
        form.put("response_url", "http://127.0.0.1:9/unused");
        form.put("trigger_id", UUID.randomUUID().toString());
        StringBuilder out = new StringBuilder();
        form.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    /** Caretaker as deployed, with Slack on and pointed at the fake. */
    private static ApplicationContext caretaker(FakeSlack fake) {
        Map<String, Object> props = new HashMap<>(TestContexts.properties());
        props.put("micronaut.server.host", "127.0.0.1");
        props.put("caretaker.slack.bot-token", FakeSlack.BOT_TOKEN);
        props.put("caretaker.slack.signing-secret", SECRET);
        props.put("caretaker.slack.api-url", fake.apiUrl());
        ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).properties(props)
                .environments("bench").start();
        context.getBean(EmbeddedServer.class).start();
        return context;
    }

    /** The baseline: a Bolt app on the JDK HTTP server that acks /ops with a fixed help text. */
    private static HttpServer bareBolt(FakeSlack fake) throws IOException {
        SlackConfig slackConfig = new SlackConfig();
        slackConfig.setMethodsEndpointUrlPrefix(fake.apiUrl());
        slackConfig.setStatsEnabled(false);
        App app = new App(AppConfig.builder().slack(Slack.getInstance(slackConfig))
                .singleTeamBotToken(FakeSlack.BOT_TOKEN).signingSecret(SECRET).build());
        app.command("/ops", (req, ctx) -> ctx.ack(r -> r.responseType("ephemeral")
                .text("Commands: help, whoami, status, audit")));
        app.start();
        SlackRequestParser parser = new SlackRequestParser(app.config());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/slack/events", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Map<String, List<String>> headers = new HashMap<>(exchange.getRequestHeaders());
                Request<?> request = parser.parse(SlackRequestParser.HttpRequest.builder()
                        .requestUri("/slack/events").queryString(Map.of()).requestBody(body)
                        .headers(new RequestHeaders(headers)).remoteAddress("127.0.0.1").build());
                Response response = app.run(request);
                byte[] out = response.getBody() == null ? new byte[0] : response.getBody().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", response.getContentType());
                exchange.sendResponseHeaders(response.getStatusCode(), out.length == 0 ? -1 : out.length);
                exchange.getResponseBody().write(out);
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            }
        });
        server.start();
        return server;
    }
}
