package dev.caretaker.reliability;

import dev.caretaker.alert.AlertService;
import dev.caretaker.fake.slack.FakeSlack;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Slack Web API failing at the network level, as the real client meets it: connections reset, then a connection
 * that never answers (the client's read timeout), then Slack back. Alerts committed meanwhile are delivered once each.
 * HTTP 500 and 429 are held by {@code OutboxTest} and {@code SlowAndRateLimitedSlackTest}, which this does not repeat.
 */
class ChatFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(40);

    private static void fire(ApplicationContext context, String target) {
        context.getBean(AlertService.class).probeFiring(new ProbeResult(target, "http", ProbeStatus.CRITICAL, 503.0, "",
                target + " answered HTTP 503, expected 200.", Duration.ofMillis(3), Instant.now()), "critical");
    }

    private static long posts(FakeSlack fake, String target) {
        return fake.calls("chat.postMessage").stream().filter(c -> c.allText().contains(target + " answered")).count();
    }

    @Test
    void resetsAndAHangingConnectionDelayAlertsButDeliverEachOnce() throws Exception {
        try (FakeSlack fake = FakeSlack.start();
             FaultyProxy proxy = new FaultyProxy(Integer.parseInt(fake.baseUrl().replaceFirst(".*:", "")))) {
            Map<String, Object> p = TestContexts.properties();
            p.put("caretaker.probes.enabled", false);
            p.put("caretaker.slack.bot-token", FakeSlack.BOT_TOKEN);
            p.put("caretaker.slack.signing-secret", "chat-faults-signing-secret-0123456789");
            p.put("caretaker.slack.api-url", "http://127.0.0.1:" + proxy.port() + "/api/");
            p.put("caretaker.outbox.poll", "100ms");
            p.put("caretaker.outbox.backoff-base", "100ms");
            p.put("caretaker.outbox.backoff-cap", "500ms");
            p.put("caretaker.alerts.default-channels", List.of("slack:C0OPS"));
            try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).properties(p)
                    .environments("test").start()) {
                proxy.mode(FaultyProxy.Mode.RESET);
                fire(context, "reset-web");
                fire(context, "reset-db");
                DatabaseFaultsTest.await(() -> proxy.faulted() >= 4, "deliveries tried through resets");
                proxy.mode(FaultyProxy.Mode.HANG);
                int before = proxy.faulted();
                DatabaseFaultsTest.await(() -> proxy.faulted() > before, "a delivery held by a silent connection");
                assertEquals(0, fake.calls("chat.postMessage").size(), "nothing reached Slack yet");
                proxy.mode(FaultyProxy.Mode.PASS);
                // the hanging call ends at the client's read timeout; then both go through, and a later alert after them
                long deadline = System.nanoTime() + WAIT.toNanos();
                while ((posts(fake, "reset-web") == 0 || posts(fake, "reset-db") == 0) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                fire(context, "after-faults");
                fake.await("chat.postMessage", c -> c.allText().contains("after-faults answered"), WAIT);
                assertEquals(1, posts(fake, "reset-web"), "delivered once");
                assertEquals(1, posts(fake, "reset-db"), "delivered once");
                assertEquals(1, posts(fake, "after-faults"));
                assertTrue(fake.violations().isEmpty(), fake.violations().toString());
                Ledger.record(Ledger.Promise.NOTIFICATIONS, "Slack API connection resets and a connection that never "
                        + "answers: each alert delivered once afterwards", ChatFaultsTest.class, 3, 2, 3, 0);
            }
        }
    }
}
