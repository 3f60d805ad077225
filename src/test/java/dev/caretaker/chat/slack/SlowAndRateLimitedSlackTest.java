package dev.caretaker.chat.slack;

import dev.caretaker.alert.AlertService;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.fake.slack.FakeSlack;
import dev.caretaker.fake.slack.SlackCall;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.reply.Reply;
import dev.caretaker.store.Outbox;
import dev.caretaker.store.OutboxMessage;
import dev.caretaker.support.TestContexts;
import dev.caretaker.support.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox against a Slack whose one channel answers {@code chat.postMessage} only after 5 s and another answers
 * 429 with {@code Retry-After: 30}, through the real Slack client: while both are under way no Caretaker session
 * sits idle in a transaction, and alerts for every other channel are delivered within a second.
 *
 * <p>"Idle in transaction" is what {@code pg_stat_activity} shows for any session between two statements of one
 * transaction, so sampling often enough also catches the claim and record transactions for the milliseconds between
 * their statements. What must never happen is a transaction held open across a call to Slack: that is a session idle
 * in transaction for as long as Slack takes. The test samples every 100 ms and fails on any session that has been
 * idle in transaction for {@link #HELD} or more (a fifth of the slow answer).
 */
class SlowAndRateLimitedSlackTest {

    private static final Duration SLOW = Duration.ofSeconds(5);
    private static final Duration WITHIN = Duration.ofSeconds(1);
    private static final Duration HELD = Duration.ofSeconds(1);

    private final FakeSlack fake = FakeSlack.start();
    private ApplicationContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        fake.close();
    }

    private static Map<String, Object> route(String target, String channel) {
        return Map.of("match", Map.of("target", target), "channels", List.of(channel));
    }

    private void fire(String target) {
        context.getBean(AlertService.class).probeFiring(new ProbeResult(target, "http", ProbeStatus.CRITICAL, 503.0, "",
                target + " answered HTTP 503, expected 200.", Duration.ofMillis(3), Instant.now()), "critical");
    }

    @Test
    void aSlowChannelAndARateLimitedOneHoldNoTransactionAndDelayNoOtherChannel() throws Exception {
        fake.slowChannel("C0SLOW", SLOW).rateLimitChannel("C0LIMIT", 30);
        Map<String, Object> p = TestContexts.properties();
        p.put("caretaker.probes.enabled", false);
        p.put("caretaker.slack.bot-token", FakeSlack.BOT_TOKEN);
        p.put("caretaker.slack.signing-secret", SlackService.SIGNING_SECRET);
        p.put("caretaker.slack.api-url", fake.apiUrl());
        List<Map<String, Object>> routes = new ArrayList<>(List.of(route("slow", "slack:C0SLOW"),
                route("limited", "slack:C0LIMIT")));
        for (int i = 1; i <= 5; i++) {
            routes.add(route("fast" + i, "slack:C0FAST" + i));
        }
        p.put("caretaker.alerts.routes", routes);
        p.put("caretaker.alerts.default-channels", List.of("slack:C0DEFAULT"));
        context = ApplicationContext.builder().deduceEnvironment(false).properties(p).environments("test").start();

        fire("slow");
        fire("limited");
        Instant slowStarted = fake.awaitStarted("chat.postMessage", "C0SLOW", Duration.ofSeconds(10)).at();
        fake.await("chat.postMessage", c -> "C0LIMIT".equals(c.text("channel")), Duration.ofSeconds(10));

        // while Slack holds one post and has refused the other for 30 s: other channels, one after another
        List<Duration> waited = new ArrayList<>();
        List<Idle> idleInTransaction = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String channel = "C0FAST" + i;
            Instant committed = Instant.now();
            fire("fast" + i);
            SlackCall post = fake.await("chat.postMessage", c -> channel.equals(c.text("channel")), Duration.ofSeconds(10));
            waited.add(Duration.between(committed, post.at()));
            idleInTransaction.addAll(idleInTransaction());
        }
        // and the database, sampled until the slow post is answered
        int samples = 0;
        while (fake.calls("chat.postMessage").stream().noneMatch(c -> "C0SLOW".equals(c.text("channel")))) {
            idleInTransaction.addAll(idleInTransaction());
            samples++;
            Thread.sleep(100);
        }
        Duration slowTook = Duration.between(slowStarted, Instant.now());

        long longest = idleInTransaction.stream().mapToLong(Idle::millis).max().orElse(0);
        System.out.println("other channels waited (ms): " + waited.stream().map(Duration::toMillis).toList()
                + "; pg_stat_activity sampled " + samples + " times during the slow post; "
                + idleInTransaction.size() + " session(s) seen between two statements of a transaction, the longest for "
                + longest + " ms");
        assertTrue(slowTook.compareTo(SLOW.minusMillis(500)) >= 0, "the slow post was under way all along: " + slowTook);
        assertTrue(samples >= 10, "sampled while the slow post was under way: " + samples);
        assertEquals(List.of(), idleInTransaction.stream().filter(i -> i.millis() >= HELD.toMillis()).toList(),
                "no Caretaker session held idle in transaction");
        for (Duration d : waited) {
            assertTrue(d.compareTo(WITHIN) < 0, "other channels are delivered within a second: " + waited);
        }

        // the rate-limited channel was asked once and waits out its 30 s; its next message waits with it
        fire("limited-2");
        assertEquals(1, fake.calls("chat.postMessage").stream().filter(c -> "C0LIMIT".equals(c.text("channel"))).count(),
                "no call into a channel that said Retry-After: 30");
        try (Connection c = TestDatabase.connect(context); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     select extract(epoch from l.retry_at - now()), extract(epoch from ch.paused_until - now())
                     from outbox_lanes l join outbox_channels ch on ch.channel = l.channel
                     where l.channel = 'slack:C0LIMIT' and l.attempts = 1""")) {
            assertTrue(rs.next(), "the rate-limited lane was rescheduled");
            assertTrue(rs.getDouble(1) > 20 && rs.getDouble(1) <= 30, "retry at Retry-After: " + rs.getDouble(1));
            assertTrue(rs.getDouble(2) > 20 && rs.getDouble(2) <= 30, "channel paused: " + rs.getDouble(2));
        }
        assertEquals(1, fake.calls("chat.postMessage").stream().filter(c -> "C0SLOW".equals(c.text("channel"))).count(),
                "the slow post was made once");
    }

    @Test
    void newMessagesInOneChannelAreSpacedASecondApartAndOtherChannelsDoNotWait() throws Exception {
        Map<String, Object> p = TestContexts.properties();
        p.put("caretaker.probes.enabled", false);
        p.put("caretaker.slack.bot-token", FakeSlack.BOT_TOKEN);
        p.put("caretaker.slack.signing-secret", SlackService.SIGNING_SECRET);
        p.put("caretaker.slack.api-url", fake.apiUrl());
        context = ApplicationContext.builder().deduceEnvironment(false).properties(p).environments("test").start();
        Outbox outbox = context.getBean(Outbox.class);
        Instant start = Instant.now();
        for (int i = 0; i < 3; i++) {
            outbox.enqueue(OutboxMessage.of(SlackPlatform.channel("C0OPS"), "m" + i, Reply.text("hi " + i)));
        }
        outbox.enqueue(OutboxMessage.of(SlackPlatform.channel("C2"), "m", Reply.text("hi")));
        outbox.enqueue(OutboxMessage.of(SlackPlatform.channel("C3"), "m", Reply.text("hi")));
        fake.await("chat.postMessage", c -> fake.calls("chat.postMessage").size() == 5, Duration.ofSeconds(10));
        List<Instant> ops = fake.calls("chat.postMessage").stream().filter(c -> "C0OPS".equals(c.text("channel")))
                .map(SlackCall::at).toList();
        assertTrue(Duration.between(ops.get(0), ops.get(1)).toMillis() >= 900, "paced: " + ops);
        assertTrue(Duration.between(ops.get(1), ops.get(2)).toMillis() >= 900, "paced: " + ops);
        for (String other : List.of("C2", "C3")) {
            Instant at = fake.calls("chat.postMessage").stream().filter(c -> other.equals(c.text("channel")))
                    .findFirst().orElseThrow().at();
            assertTrue(Duration.between(start, at).compareTo(WITHIN) < 0, other + " did not wait for C0OPS's pace");
        }
    }

    /** A session seen idle in a transaction: for how long so far, and its last statement. */
    private record Idle(int pid, long millis, String lastStatement) {
    }

    /** Caretaker's own sessions on its database that have a transaction open while doing nothing. */
    private List<Idle> idleInTransaction() throws Exception {
        List<Idle> out = new ArrayList<>();
        try (Connection c = TestDatabase.connect(context); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     select pid, (extract(epoch from clock_timestamp() - state_change) * 1000)::bigint, query
                     from pg_stat_activity
                     where datname = current_database() and application_name = 'caretaker'
                       and pid <> pg_backend_pid() and state like 'idle in transaction%'""")) {
            while (rs.next()) {
                out.add(new Idle(rs.getInt(1), rs.getLong(2), rs.getString(3)));
            }
        }
        return out;
    }
}
