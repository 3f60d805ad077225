package dev.caretaker.bench;

import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.chat.ChatAdapter;
import dev.caretaker.chat.MessageRef;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platform;
import dev.caretaker.reply.Reply;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Alert delivery latency: from the moment an Alertmanager notification is sent to {@code POST /alerts/alertmanager}
 * until the chat platform receives the alert's message (webhook → state and outbox in one transaction → notifier →
 * adapter), next to the intake's own response time in the same run. A burst of notifications (each a new alert) is
 * sent open loop at a fixed rate; the chat double answers at once, so what is measured is Caretaker alone.
 *
 * <p>{@code mvn -Pbench test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dbench=AlertDeliveryBench}
 * with {@code -Dbench.rate=50 -Dbench.count=500 -Dbench.warmup=200}.
 */
public final class AlertDeliveryBench {

    private static final int RATE = Integer.getInteger("bench.rate", 50);
    private static final int COUNT = Integer.getInteger("bench.count", 500);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 200);
    private static final String TOKEN = "bench-token";

    private AlertDeliveryBench() {
    }

    /** A chat platform that notes when each alert's first message arrives. */
    static final class TimingChat implements ChatAdapter {
        final Map<String, Long> received = new ConcurrentHashMap<>();
        final AtomicLong ids = new AtomicLong();

        @Override
        public Platform platform() {
            return SlackPlatform.SLACK;
        }

        @Override
        public MessageRef post(ChannelAddress channel, Reply reply) {
            received.putIfAbsent(reply.header(), System.nanoTime());
            return new MessageRef(channel, "m" + ids.incrementAndGet());
        }

        @Override
        public void update(MessageRef message, Reply reply) {
            // edits are not part of this measurement
        }

        @Override
        public MessageRef replyInThread(MessageRef parent, Reply reply) {
            return new MessageRef(parent.channel(), "m" + ids.incrementAndGet());
        }
    }

    public static void main(String[] args) throws Exception {
        TimingChat chat = new TimingChat();
        Map<String, Object> props = new HashMap<>(TestContexts.properties());
        props.put("caretaker.probes.enabled", false);
        props.put("caretaker.alerts.token", TOKEN);
        props.put("caretaker.alerts.default-channels", List.of("slack:CBENCH"));
        props.put("micronaut.server.port", -1);
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).properties(props)
                .environments("bench").singletons(chat).start()) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            String url = "http://127.0.0.1:" + server.getPort() + "/alerts/alertmanager";
            String template = fixture();
            HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(16)).build();
            run(http, url, template, chat, "Warm", WARMUP);
            Result r = run(http, url, template, chat, "Bench", COUNT);
            print(r);
            server.stop();
        }
        System.exit(0);
    }

    record Result(List<Long> intakeNanos, List<Long> deliveryNanos, int errors, int undelivered, double seconds) {
    }

    private static Result run(HttpClient http, String url, String template, TimingChat chat, String prefix, int count)
            throws Exception {
        long[] sent = new long[count];
        long[] answered = new long[count];
        int[] status = new int[count];
        CountDownLatch done = new CountDownLatch(count);
        ExecutorService clients = Executors.newFixedThreadPool(32);
        long start = System.nanoTime();
        long every = TimeUnit.SECONDS.toNanos(1) / RATE;
        for (int i = 0; i < count; i++) {
            long due = start + i * every;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            int n = i;
            String body = template.replace("d23543420519add8", prefix.toLowerCase(Locale.ROOT) + "-" + n)
                    .replace("HighErrorRate", prefix + n);
            clients.execute(() -> {
                try {
                    sent[n] = System.nanoTime();
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                    answered[n] = System.nanoTime();
                    status[n] = r.statusCode();
                } catch (Exception e) {
                    status[n] = -1;
                } finally {
                    done.countDown();
                }
            });
        }
        done.await(5, TimeUnit.MINUTES);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && countDelivered(chat, prefix, count) < count) {
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        clients.shutdown();
        List<Long> intake = new ArrayList<>();
        List<Long> delivery = new ArrayList<>();
        int errors = 0;
        int undelivered = 0;
        for (int i = 0; i < count; i++) {
            if (status[i] != 200) {
                errors++;
                continue;
            }
            intake.add(answered[i] - sent[i]);
            Long got = chat.received.get("Critical: " + prefix + i);
            if (got == null) {
                undelivered++;
            } else {
                delivery.add(got - sent[i]);
            }
        }
        return new Result(intake, delivery, errors, undelivered, seconds);
    }

    private static int countDelivered(TimingChat chat, String prefix, int count) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (chat.received.containsKey("Critical: " + prefix + i)) {
                n++;
            }
        }
        return n;
    }

    private static void print(Result r) {
        System.out.printf(Locale.ROOT, "Alert delivery: %d notifications at %d/s (%d warm-up first), %d errors, %d undelivered, %.1f s%n",
                r.intakeNanos().size() + r.errors(), RATE, WARMUP, r.errors(), r.undelivered(), r.seconds());
        double i50 = pct(r.intakeNanos(), 50);
        double i99 = pct(r.intakeNanos(), 99);
        double d50 = pct(r.deliveryNanos(), 50);
        double d99 = pct(r.deliveryNanos(), 99);
        System.out.printf(Locale.ROOT, "  intake response (send -> 200):        p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms%n",
                i50, i99, pct(r.intakeNanos(), 100));
        System.out.printf(Locale.ROOT, "  webhook -> chat receives the message: p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms%n",
                d50, d99, pct(r.deliveryNanos(), 100));
        System.out.printf(Locale.ROOT, "  ratio delivery / intake:              p50 %7.2fx    p99 %7.2fx%n", d50 / i50, d99 / i99);
    }

    private static double pct(List<Long> nanos, int p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int idx = (int) Math.min(sorted.size() - 1, Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, idx)) / 1e6;
    }

    private static String fixture() throws IOException {
        try (InputStream in = AlertDeliveryBench.class.getResourceAsStream("/fixtures/alertmanager/firing-single.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
