package dev.caretaker.chat;

import dev.caretaker.store.OutboxMessage;
import dev.caretaker.store.Outbox;
import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.support.Contexts;
import dev.caretaker.support.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox against a real PostgreSQL and a chat double that fails the way platforms do. */
class OutboxTest {

    private static final ChannelAddress OPS = SlackPlatform.channel("COPS");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private ApplicationContext context;

    @AfterEach
    void stop() {
        if (context != null && context.isRunning()) {
            context.close();
        }
    }

    private static Map<String, Object> fast(String dbUrl) {
        Map<String, Object> p = new HashMap<>();
        if (dbUrl != null) {
            p.put("datasources.default.url", dbUrl);
        }
        p.put("caretaker.outbox.poll", "50ms");
        p.put("caretaker.outbox.backoff-base", "50ms");
        p.put("caretaker.outbox.backoff-cap", "200ms");
        p.put("caretaker.probes.enabled", false);
        return p;
    }

    private ApplicationContext start(ChatDouble chat) {
        context = chat == null ? Contexts.start(fast(null)) : Contexts.start(fast(null), chat);
        return context;
    }

    private static Reply reply(String text) {
        return Reply.builder().header("Disk low").severity(Severity.WARN).text(text)
                .button(new Button("Ack", ButtonActions.ALERT_ACK, "7", Button.Style.PRIMARY)).build();
    }

    @Test
    void firstMessagePostsLaterOnesEditAndThreadRepliesGoUnderTheParent() throws Exception {
        ChatDouble chat = new ChatDouble();
        Outbox outbox = start(chat).getBean(Outbox.class);
        outbox.enqueue(OutboxMessage.of(OPS, "alert:1", reply("firing")));
        assertTrue(chat.await(WAIT, s -> s.size() == 1));
        outbox.enqueue(OutboxMessage.of(OPS, "alert:1", reply("acknowledged by otto")));
        outbox.enqueue(new OutboxMessage(OPS, "alert:1:t1", Reply.text("Acknowledged by otto."), "alert:1"));
        assertTrue(chat.await(WAIT, s -> s.size() == 3), chat.sent().toString());

        String id = chat.posts().get(0).messageId();
        assertEquals(1, chat.posts().size());
        assertEquals(id, chat.updates().get(0).messageId());
        assertTrue(ChatDouble.text(chat.updates().get(0).reply()).contains("acknowledged by otto"));
        assertEquals(id, chat.threads().get(0).parentId());
        assertEquals("Ack", chat.updates().get(0).reply().buttons().get(0).label());
    }

    @Test
    void severalPendingVersionsOfOneMessageDeliverOnlyTheNewest() throws Exception {
        ChatDouble chat = new ChatDouble();
        chat.mode(ChatDouble.Mode.DOWN);
        Outbox outbox = start(chat).getBean(Outbox.class);
        for (int i = 1; i <= 5; i++) {
            outbox.enqueue(OutboxMessage.of(OPS, "alert:9", reply("version " + i)));
        }
        Thread.sleep(300);
        chat.mode(ChatDouble.Mode.OK);
        assertTrue(chat.await(WAIT, s -> !s.isEmpty()));
        Thread.sleep(500);
        assertEquals(1, chat.sent().size(), chat.sent().toString());
        assertTrue(ChatDouble.text(chat.sent().get(0).reply()).contains("version 5"));
        assertEquals(0, pendingAfterDelivery());
    }

    @Test
    void serverErrorsThenRateLimitThenOutageDeliverEveryMessageExactlyOnceAfterRecovery() throws Exception {
        ChatDouble chat = new ChatDouble();
        chat.retryAfter(Duration.ofMillis(400));
        chat.mode(ChatDouble.Mode.SERVER_ERROR);
        Outbox outbox = start(chat).getBean(Outbox.class);
        for (int i = 0; i < 10; i++) {
            outbox.enqueue(OutboxMessage.of(OPS, "alert:" + i, reply("alert " + i)));
        }
        Thread.sleep(400);
        chat.mode(ChatDouble.Mode.RATE_LIMITED);
        for (int i = 10; i < 20; i++) {
            outbox.enqueue(OutboxMessage.of(OPS, "alert:" + i, reply("alert " + i)));
        }
        Thread.sleep(400);
        chat.mode(ChatDouble.Mode.DOWN);
        for (int i = 20; i < 30; i++) {
            outbox.enqueue(OutboxMessage.of(OPS, "alert:" + i, reply("alert " + i)));
        }
        // the outage is seen (an attempt failed) before it ends, however busy the machine is
        long outage = System.nanoTime() + WAIT.toNanos();
        while (chat.attempts().stream().noneMatch(a -> a.kind().endsWith("DOWN")) && System.nanoTime() < outage) {
            Thread.sleep(20);
        }
        assertTrue(chat.sent().isEmpty());
        chat.mode(ChatDouble.Mode.OK);
        assertTrue(chat.await(WAIT, s -> s.size() >= 30));
        Thread.sleep(500);

        List<ChatDouble.Sent> posts = chat.posts();
        assertEquals(30, posts.size(), "one post per message, none twice");
        Set<String> texts = posts.stream().map(p -> ChatDouble.text(p.reply())).collect(Collectors.toSet());
        for (int i = 0; i < 30; i++) {
            String expected = "alert " + i;
            assertTrue(texts.stream().anyMatch(t -> t.contains(expected + "\n") || t.endsWith(expected)), expected);
        }
        assertTrue(chat.attempts().stream().anyMatch(a -> a.kind().endsWith("SERVER_ERROR")));
        assertTrue(chat.attempts().stream().anyMatch(a -> a.kind().endsWith("RATE_LIMITED")));
        assertTrue(chat.attempts().stream().anyMatch(a -> a.kind().endsWith("DOWN")));
        io.micrometer.core.instrument.MeterRegistry meters = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
        assertEquals(30.0, meters.get("caretaker.outbox.delivered").tag("platform", "slack").counter().count());
        assertTrue(meters.get("caretaker.outbox.retries").tag("platform", "slack").counter().count() >= 3,
                "retries are counted");
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        ChatDouble chat = new ChatDouble();
        chat.retryAfter(Duration.ofMillis(700));
        chat.mode(ChatDouble.Mode.RATE_LIMITED);
        Outbox outbox = start(chat).getBean(Outbox.class);
        outbox.enqueue(OutboxMessage.of(OPS, "alert:429", reply("once")));
        Thread.sleep(1200);
        List<ChatDouble.Sent> tries = chat.attempts();
        assertTrue(tries.size() >= 2 && tries.size() <= 3, "one try per Retry-After, got " + tries.size());
        Duration gap = Duration.between(tries.get(0).at(), tries.get(1).at());
        assertTrue(gap.toMillis() >= 650, "waited " + gap.toMillis() + " ms");
        chat.mode(ChatDouble.Mode.OK);
        assertTrue(chat.await(WAIT, s -> s.size() == 1));
    }

    @Test
    void aPermanentRefusalIsGivenUpAndLaterMessagesStillFlow() throws Exception {
        ChatDouble chat = new ChatDouble();
        chat.mode(ChatDouble.Mode.REFUSE);
        Outbox outbox = start(chat).getBean(Outbox.class);
        outbox.enqueue(OutboxMessage.of(OPS, "alert:gone", reply("refused")));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count("select count(*) from outbox where status = 'failed'") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, count("select count(*) from outbox where status = 'failed'"));
        assertEquals(1, chat.attempts().size(), "a permanent refusal is not retried");
        chat.mode(ChatDouble.Mode.OK);
        outbox.enqueue(OutboxMessage.of(OPS, "alert:next", reply("next")));
        assertTrue(chat.await(WAIT, s -> s.size() == 1));
    }

    @Test
    void messagesForAnUnconfiguredPlatformWaitAndAreDeliveredAfterARestartWithIt() throws Exception {
        String db = TestDatabase.freshDatabaseUrl();
        context = Contexts.start(fast(db));
        Outbox outbox = context.getBean(Outbox.class);
        outbox.enqueue(OutboxMessage.of(OPS, "alert:a", reply("first")));
        outbox.enqueue(OutboxMessage.of(OPS, "alert:a", reply("first, updated")));
        outbox.enqueue(new OutboxMessage(OPS, "alert:a:t1", Reply.text("Still failing."), "alert:a"));
        outbox.enqueue(OutboxMessage.of(OPS, "alert:b", reply("second")));
        Thread.sleep(400);
        assertEquals(4, count("select count(*) from outbox where status = 'pending'"));
        context.close();

        ChatDouble chat = new ChatDouble();
        context = Contexts.start(fast(db), chat);
        assertTrue(chat.await(WAIT, s -> s.size() == 3), chat.sent().toString());
        assertEquals(2, chat.posts().size());
        // lanes are delivered in parallel, so alert:a and alert:b may arrive in either order
        var first = chat.posts().stream().filter(p -> ChatDouble.text(p.reply()).contains("first")).toList();
        assertEquals(1, first.size(), chat.posts().toString());
        assertTrue(ChatDouble.text(first.get(0).reply()).contains("first, updated"));
        assertEquals(first.get(0).messageId(), chat.threads().get(0).parentId());
        assertEquals(0, pendingAfterDelivery());
    }

    @Test
    void aMessageCommittedWithAStateChangeSurvivesAKillBeforeDelivery() throws Exception {
        String db = TestDatabase.freshDatabaseUrl();
        context = Contexts.start(fast(db));
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> tx = context.getBean(TransactionOperations.class);
        Outbox outbox = context.getBean(Outbox.class);
        tx.executeWrite(status -> {
            try (Statement st = status.getConnection().createStatement()) {
                st.execute("create table widget_state (id int primary key, state text)");
                st.execute("insert into widget_state values (1, 'firing')");
            }
            outbox.enqueue(OutboxMessage.of(OPS, "widget:1", reply("widget firing")));
            return null;
        });
        assertThrows(IllegalStateException.class, () -> tx.executeWrite(status -> {
            try (Statement st = status.getConnection().createStatement()) {
                st.execute("update widget_state set state = 'resolved'");
            }
            outbox.enqueue(OutboxMessage.of(OPS, "widget:2", reply("rolled back")));
            throw new IllegalStateException("the state change fails after its message was enqueued");
        }));
        assertEquals(1, count("select count(*) from outbox"), "the rolled-back message left no row");
        context.close();

        ChatDouble chat = new ChatDouble();
        context = Contexts.start(fast(db), chat);
        assertTrue(chat.await(WAIT, s -> s.size() == 1));
        Thread.sleep(300);
        assertEquals(1, chat.sent().size(), "the rolled-back message is never sent");
        assertTrue(ChatDouble.text(chat.sent().get(0).reply()).contains("widget firing"));
    }

    @Test
    void twoReplicasDeliveringOneOutboxNeverPostAMessageTwice() throws Exception {
        String db = TestDatabase.freshDatabaseUrl();
        ChatDouble first = new ChatDouble();
        ChatDouble second = new ChatDouble();
        first.latency(Duration.ofMillis(5));
        second.latency(Duration.ofMillis(5));
        context = Contexts.start(fast(db), first);
        try (ApplicationContext other = Contexts.start(fast(db), second)) {
            Outbox a = context.getBean(Outbox.class);
            Outbox b = other.getBean(Outbox.class);
            for (int version = 1; version <= 3; version++) {
                for (int i = 0; i < 40; i++) {
                    (i % 2 == 0 ? a : b).enqueue(OutboxMessage.of(OPS, "alert:" + i, reply("alert " + i + " v" + version)));
                }
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (count("select count(*) from outbox where status = 'pending'") > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(300);
            List<ChatDouble.Sent> posts = new java.util.ArrayList<>(first.posts());
            posts.addAll(second.posts());
            assertEquals(40, posts.size(), "one post per message key across both replicas");
            List<ChatDouble.Sent> all = new java.util.ArrayList<>(first.sent());
            all.addAll(second.sent());
            for (int i = 0; i < 40; i++) {
                String latest = "alert " + i + " v3";
                String prefix = "alert " + i + " v";
                List<ChatDouble.Sent> ofKey = all.stream().filter(x -> ChatDouble.text(x.reply()).contains(prefix)).toList();
                assertTrue(ofKey.stream().anyMatch(x -> ChatDouble.text(x.reply()).contains(latest)), latest + " arrives");
            }
        }
    }

    /** Rows still pending once the notifier had the moment it takes to mark a delivered row after the platform answered. */
    private long pendingAfterDelivery() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long pending;
        while ((pending = count("select count(*) from outbox where status = 'pending'")) > 0
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return pending;
    }

    private long count(String sql) throws Exception {
        try (Connection c = dev.caretaker.support.TestDatabase.connect(context); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
