package dev.caretaker.alert;

import dev.caretaker.store.AlertRecord;
import dev.caretaker.store.AlertStore;
import dev.caretaker.chat.ChatDouble;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.support.Contexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Probe results through the rules to alert messages in a chat double: fire once, resolve in place, flapping stays quiet. */
class ProbeAlertsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private ApplicationContext context;
    private final ChatDouble chat = new ChatDouble();

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    private ProbeRules start(Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.probes.enabled", false);
        p.put("caretaker.outbox.poll", "50ms");
        p.put("caretaker.alerts.default-channels", List.of("slack:COPS"));
        p.putAll(extra);
        context = Contexts.start(p, chat);
        return context.getBean(ProbeRules.class);
    }

    private static ProbeResult result(ProbeStatus status, double value) {
        return new ProbeResult("web", "http", status, value, "ms",
                status == ProbeStatus.OK ? "Response time of http://web/health: " + value + " ms."
                        : "http://web/health answered HTTP 503, expected 200.", Duration.ofMillis(5), Instant.now());
    }

    private void settle() throws InterruptedException {
        Thread.sleep(400);
    }

    @Test
    void aProbeFailingThreeTimesInARowFiresOnceAndRecoveryEditsTheSameMessage() throws Exception {
        ProbeRules rules = start(Map.of());
        rules.observe(result(ProbeStatus.CRITICAL, 0));
        rules.observe(result(ProbeStatus.CRITICAL, 0));
        settle();
        assertTrue(chat.sent().isEmpty(), "two failures are not an alert yet");

        rules.observe(result(ProbeStatus.CRITICAL, 0));
        assertTrue(chat.await(WAIT, s -> s.size() == 1));
        ChatDouble.Sent post = chat.posts().get(0);
        assertEquals("Critical: http on web", post.reply().header());
        String text = ChatDouble.text(post.reply());
        assertTrue(text.contains("answered HTTP 503, expected 200"), text);
        assertTrue(text.contains("Firing since"), text);
        assertEquals(List.of("Ack", "Silence 1h", "Silence 4h"),
                post.reply().buttons().stream().map(b -> b.label()).toList());

        rules.observe(result(ProbeStatus.CRITICAL, 0));
        rules.observe(result(ProbeStatus.CRITICAL, 0));
        rules.observe(result(ProbeStatus.OK, 12));
        settle();
        assertEquals(1, chat.sent().size(), "still failing is not news, and one good result is not a recovery");

        rules.observe(result(ProbeStatus.OK, 11));
        assertTrue(chat.await(WAIT, s -> s.size() == 3), chat.sent().toString());
        assertEquals(1, chat.posts().size());
        ChatDouble.Sent edit = chat.updates().get(0);
        assertEquals(post.messageId(), edit.messageId(), "the resolution edits the alert's message");
        assertEquals("Resolved: http on web", edit.reply().header());
        assertTrue(ChatDouble.text(edit.reply()).contains("Resolved at"), ChatDouble.text(edit.reply()));
        assertTrue(edit.reply().buttons().isEmpty(), "a resolved alert has no buttons");
        ChatDouble.Sent thread = chat.threads().get(0);
        assertEquals(post.messageId(), thread.parentId());
        assertTrue(ChatDouble.text(thread.reply()).startsWith("Resolved after"), ChatDouble.text(thread.reply()));

        AlertRecord stored = context.getBean(AlertStore.class).since(Instant.now().minusSeconds(60)).get(0);
        assertEquals(AlertRecord.RESOLVED, stored.state());
        assertEquals("web/http", stored.fingerprint());
        assertEquals(AlertRecord.PROBE, stored.source());
        assertTrue(context.getBean(AlertStore.class).open().isEmpty());
    }

    @Test
    void aTargetFlappingEveryIntervalPostsOnlyOncePerWindow() throws Exception {
        ProbeRules rules = start(Map.of("caretaker.alerts.failures", 1, "caretaker.alerts.recoveries", 1,
                "caretaker.alerts.renotify-window", "1h"));
        for (int i = 0; i < 10; i++) {
            rules.observe(result(ProbeStatus.CRITICAL, 0));
            rules.observe(result(ProbeStatus.OK, 10));
        }
        settle();
        assertTrue(chat.await(WAIT, s -> !s.isEmpty()));
        Thread.sleep(500);
        assertEquals(1, chat.posts().size(), "one post in the window, however often it flaps");
        assertTrue(chat.threads().size() <= 1, "at most the first resolution is threaded: " + chat.threads().size());
        List<ChatDouble.Sent> updates = chat.updates();
        assertFalse(updates.isEmpty());
        assertTrue(updates.stream().allMatch(u -> u.messageId().equals(chat.posts().get(0).messageId())));
        assertEquals("Resolved: http on web", updates.get(updates.size() - 1).reply().header(),
                "the message ends up telling the truth");
    }

    @Test
    void afterTheWindowAFreshEpisodeGetsAFreshMessage() throws Exception {
        ProbeRules rules = start(Map.of("caretaker.alerts.failures", 1, "caretaker.alerts.recoveries", 1,
                "caretaker.alerts.renotify-window", "200ms"));
        rules.observe(result(ProbeStatus.CRITICAL, 0));
        rules.observe(result(ProbeStatus.OK, 10));
        Thread.sleep(300);
        rules.observe(result(ProbeStatus.CRITICAL, 0));
        assertTrue(chat.await(WAIT, s -> s.stream().filter(x -> x.kind().equals("post")).count() == 2), chat.sent().toString());
    }

    @Test
    void aWarningThatTurnsCriticalEditsTheMessageAndSaysSoInTheThread() throws Exception {
        ProbeRules rules = start(Map.of("caretaker.alerts.failures", 1));
        rules.observe(result(ProbeStatus.WARN, 700));
        assertTrue(chat.await(WAIT, s -> s.size() == 1));
        assertEquals("Warning: http on web", chat.posts().get(0).reply().header());
        rules.observe(result(ProbeStatus.CRITICAL, 0));
        assertTrue(chat.await(WAIT, s -> s.size() == 3), chat.sent().toString());
        assertEquals("Critical: http on web", chat.updates().get(0).reply().header());
        assertTrue(ChatDouble.text(chat.threads().get(0).reply()).startsWith("Now critical:"));
    }

    @Test
    void theSchedulerRunsARealProbeOnItsIntervalAndFiresAfterThreeFailures() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.probes.enabled", true);
        p.put("caretaker.probes.self", false);
        p.put("caretaker.probes.tick", "50ms");
        p.put("caretaker.targets.api.type", "tcp");
        p.put("caretaker.targets.api.host", "127.0.0.1");
        p.put("caretaker.targets.api.port", closed);
        p.put("caretaker.targets.api.interval", "150ms");
        p.put("caretaker.targets.api.timeout", "1s");
        p.put("caretaker.targets.caretaker.type", "disk");
        p.put("caretaker.targets.caretaker.path", ".");
        p.put("caretaker.targets.caretaker.interval", "1h");
        start(p);
        assertTrue(chat.await(WAIT, s -> !s.isEmpty()));
        ChatDouble.Sent post = chat.posts().get(0);
        assertEquals("Critical: tcp on api", post.reply().header());
        assertTrue(ChatDouble.text(post.reply()).contains("Could not check 127.0.0.1:" + closed), ChatDouble.text(post.reply()));
        Thread.sleep(600);
        assertEquals(1, chat.posts().size(), "keeps failing, posts once");
        assertTrue(context.getBean(dev.caretaker.store.ProbeResultStore.class)
                .between("api", Instant.now().minusSeconds(60), Instant.now()).size() >= 3);
    }

    @Test
    void silenceOnAProbeAlertIsLocalAndEndsOnTime() throws Exception {
        ProbeRules rules = start(Map.of("caretaker.alerts.failures", 1, "caretaker.alerts.timer-tick", "1h"));
        rules.observe(result(ProbeStatus.CRITICAL, 0));
        assertTrue(chat.await(WAIT, s -> s.size() == 1));
        AlertService alerts = context.getBean(AlertService.class);
        AlertRecord alert = context.getBean(AlertStore.class).open().get(0);
        AlertService.Answer answer = alerts.silence(alert.id(), Duration.ofMillis(300), dev.caretaker.support.People.OPERATOR);
        assertTrue(answer.done(), answer.sentence());
        assertFalse(answer.sentence().contains("Alertmanager"), "a probe alert is silenced here: " + answer.sentence());
        assertEquals(AlertRecord.SILENCED, context.getBean(AlertStore.class).byId(alert.id()).orElseThrow().state());
        assertTrue(chat.await(WAIT, s -> chat.threads().size() == 1));
        assertTrue(chat.await(WAIT, s -> !chat.updates().isEmpty()));
        assertTrue(ChatDouble.text(chat.updates().get(chat.updates().size() - 1).reply()).contains("Silenced until"));

        Thread.sleep(400);
        assertEquals(1, alerts.runTimers());
        assertEquals(AlertRecord.FIRING, context.getBean(AlertStore.class).byId(alert.id()).orElseThrow().state());
        assertTrue(chat.await(WAIT, s -> chat.threads().size() == 2));
        assertEquals("The silence of http on web ended and it is still firing.",
                ChatDouble.text(chat.threads().get(1).reply()).strip());
    }

    @Test
    void routesSendCriticalAlertsWhereTheyMatchWithTheMentionAndOthersToTheDefault() throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.alerts.failures", 1);
        p.put("caretaker.alerts.routes", List.of(Map.of("match", Map.of("severity", "critical", "target", "web"),
                "channels", List.of("slack:CPAGE", "slack:COPS"), "mention", "<!subteam^S0ONCALL>")));
        ProbeRules rules = start(p);
        rules.observe(result(ProbeStatus.CRITICAL, 0));
        assertTrue(chat.await(WAIT, s -> s.size() == 2));
        assertEquals(java.util.Set.of("slack:CPAGE", "slack:COPS"),
                chat.posts().stream().map(x -> x.channel().toString()).collect(java.util.stream.Collectors.toSet()));
        assertTrue(ChatDouble.text(chat.posts().get(0).reply()).contains("<!subteam^S0ONCALL> http://web/health answered"));

        rules.observe(new ProbeResult("db", "disk", ProbeStatus.WARN, 85.0, "%", "Disk used at /data: 85 % (above 80 %).",
                Duration.ZERO, Instant.now()));
        assertTrue(chat.await(WAIT, s -> s.size() == 3));
        ChatDouble.Sent warning = chat.posts().get(2);
        assertEquals("slack:COPS", warning.channel().toString(), "no route matches: the default channels");
        assertEquals("Warning: disk on db", warning.reply().header());
        assertFalse(ChatDouble.text(warning.reply()).contains("subteam"));
    }

    @Test
    void onlyTheLeaseHolderRunsProbesAndTheOtherTakesOverWhenItStops() throws Exception {
        try (dev.caretaker.support.TestRedis redis = new dev.caretaker.support.TestRedis()) {
            String db = dev.caretaker.support.TestDatabase.freshDatabaseUrl();
            Map<String, Object> p = new HashMap<>();
            p.put("datasources.default.url", db);
            p.put("redis.uri", redis.uri());
            p.put("caretaker.leader.lease", "1s");
            p.put("caretaker.probes.enabled", true);
            p.put("caretaker.probes.tick", "50ms");
            p.put("caretaker.probes.self", false);
            p.put("caretaker.targets.data.type", "disk");
            p.put("caretaker.targets.data.path", ".");
            p.put("caretaker.targets.data.interval", "100ms");
            p.put("caretaker.targets.data.warn", "100");
            p.put("caretaker.targets.data.critical", "100");
            start(p);
            ChatDouble otherChat = new ChatDouble();
            try (ApplicationContext other = Contexts.start(p, otherChat)) {
                dev.caretaker.store.Leadership first = context.getBean(dev.caretaker.store.Leadership.class);
                dev.caretaker.store.Leadership second = other.getBean(dev.caretaker.store.Leadership.class);
                Thread.sleep(500);
                assertTrue(first.isLeader() ^ second.isLeader(), "exactly one replica holds the scheduler lease");
                ApplicationContext follower = first.isLeader() ? other : context;
                ApplicationContext leader = first.isLeader() ? context : other;
                List<ProbeResult> followerRuns = follower.getBean(ProbeScheduler.class).tick();
                assertTrue(followerRuns.isEmpty(), "the other replica runs nothing");
                dev.caretaker.store.ProbeResultStore store = store(leader);
                Thread.sleep(300);
                int t0 = store.since(Instant.now().minusSeconds(120)).size();
                Thread.sleep(1000);
                int perSecond = store.since(Instant.now().minusSeconds(120)).size() - t0;
                // the probe's interval is 100 ms: one replica runs it at most about ten times a second, two would double it
                assertTrue(perSecond >= 2 && perSecond <= 11, "runs in one second: " + perSecond);

                leader.close();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                dev.caretaker.store.Leadership remaining = follower.getBean(dev.caretaker.store.Leadership.class);
                while (!remaining.isLeader() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertTrue(remaining.isLeader(), "the other replica takes over within a lease");
                int afterTakeover = store(follower).since(Instant.now().minusSeconds(60)).size();
                Thread.sleep(500);
                assertTrue(store(follower).since(Instant.now().minusSeconds(60)).size() > afterTakeover,
                        "and runs the probes from then on");
            } finally {
                // before Redis goes: a context closing against a dead Redis waits for its timeouts
                if (context.isRunning()) {
                    context.close();
                }
                context = null;
            }
        }
    }

    private static dev.caretaker.store.ProbeResultStore store(ApplicationContext c) {
        return c.getBean(dev.caretaker.store.ProbeResultStore.class);
    }
}
