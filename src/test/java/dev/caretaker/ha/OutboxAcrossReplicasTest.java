package dev.caretaker.ha;

import dev.caretaker.chat.ChatDouble;
import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.reliability.Ledger;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.store.Outbox;
import dev.caretaker.store.OutboxMessage;
import dev.caretaker.support.Await;
import dev.caretaker.support.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The notifiers of three replicas drain one outbox, with Redis lost halfway: each message is posted once (delivery
 * claims lanes in PostgreSQL and never needed Redis). Two replicas without Redis: {@code chat.OutboxTest}.
 */
class OutboxAcrossReplicasTest {

    private static final ChannelAddress OPS = SlackPlatform.channel("COPS");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MESSAGES = 30;

    @TempDir
    Path temp;

    @Test
    void threeNotifiersPostEachMessageOnceWithRedisLostHalfway() throws Exception {
        List<ChatDouble> chats = List.of(new ChatDouble(), new ChatDouble(), new ChatDouble());
        chats.forEach(c -> c.latency(Duration.ofMillis(5)));
        try (Replicas replicas = new Replicas(temp)) {
            Map<String, Object> fast = Map.of("caretaker.outbox.backoff-base", "50ms",
                    "caretaker.outbox.backoff-cap", "200ms");
            List<ApplicationContext> r = chats.stream().map(c -> replicas.startWith(fast, c)).toList();
            for (int i = 0; i < MESSAGES; i++) {
                if (i == MESSAGES / 2) {
                    replicas.redis.stop();
                }
                // a state change on any replica writes its message; any notifier may deliver it
                r.get(i % 3).getBean(Outbox.class).enqueue(OutboxMessage.of(OPS, "alert:" + i,
                        Reply.builder().header("Disk low").severity(Severity.WARN).text("alert " + i + " fired").build()));
            }
            Await.until(WAIT, "every message is delivered", () -> pending(r.get(0)) == 0
                    && chats.stream().mapToLong(c -> c.posts().size()).sum() >= MESSAGES);
            long once = 0;
            long lost = 0;
            for (int i = 0; i < MESSAGES; i++) {
                String text = "alert " + i + " fired";
                long posts = chats.stream().flatMap(c -> c.posts().stream())
                        .filter(s -> ChatDouble.text(s.reply()).contains(text)).count();
                once += posts == 1 ? 1 : 0;
                lost += posts == 1 ? 0 : 1;
            }
            assertEquals(MESSAGES, once, "each message posted exactly once");
            Ledger.record(Ledger.Promise.NOTIFICATIONS, "Outbox drained by 3 replicas' notifiers, Redis lost halfway",
                    OutboxAcrossReplicasTest.class, MESSAGES, 1, once, lost);
        }
    }

    private static long pending(ApplicationContext c) {
        try (Connection conn = TestDatabase.connect(c); Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from outbox where status = 'pending'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
