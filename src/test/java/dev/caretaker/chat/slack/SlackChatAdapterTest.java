package dev.caretaker.chat.slack;

import dev.caretaker.chat.discord.DiscordPlatform;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.caretaker.chat.DeliveryException;
import dev.caretaker.chat.DeliveryPolicy;
import dev.caretaker.chat.DirectDelivery;
import dev.caretaker.chat.RepliesSettings;
import dev.caretaker.chat.MessageRef;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.fake.slack.FakeSlack;
import dev.caretaker.fake.slack.SlackCall;
import dev.caretaker.reply.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micronaut.scheduling.ScheduledExecutorTaskScheduler;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adapter against the fake Slack, through the real Slack client. */
class SlackChatAdapterTest {

    private static final ChannelAddress OPS = SlackPlatform.channel("C0OPS");

    private final FakeSlack fake = FakeSlack.start();
    private final SlackWebApi api = new SlackWebApi(slack(fake), FakeSlack.BOT_TOKEN);
    private final SlackChatAdapter adapter = new SlackChatAdapter(api, new BlockKitRenderer());

    static Slack slack(FakeSlack fake) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(fake.apiUrl());
        config.setStatsEnabled(false);
        return Slack.getInstance(config);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void postsUpdatesAndThreads() throws Exception {
        MessageRef ref = adapter.post(OPS, Reply.text("Disk at 91 %"));
        assertEquals(OPS, ref.channel());
        adapter.update(ref, Reply.text("Disk back at 70 %"));
        MessageRef reply = adapter.replyInThread(ref, Reply.text("Resolved."));
        assertTrue(fake.message("C0OPS", ref.messageId()).orElseThrow().toString().contains("Disk back at 70 %"));
        assertEquals(ref.messageId(), fake.calls("chat.postMessage").get(1).text("thread_ts"));
        assertFalse(reply.messageId().equals(ref.messageId()));
    }

    @Test
    void aRateLimitedCallIsTriedOnceAndHandsBackSlacksWait() {
        fake.rateLimitNext("chat.postMessage", 3, 1);
        long start = System.nanoTime();
        DeliveryException e = assertThrows(DeliveryException.class, () -> adapter.post(OPS, Reply.text("backup finished")));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(Duration.ofSeconds(1), e.retryAfter().orElseThrow());
        assertFalse(e.permanent());
        assertEquals(1, fake.calls("chat.postMessage").size(), "one attempt: the caller's policy retries");
        assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "nothing waited inside the call: " + took);
        fake.reset();
    }

    @Test
    void aServerErrorIsRetryableAndABadChannelIsNot() {
        fake.failNext("chat.postMessage", 1);
        DeliveryException e = assertThrows(DeliveryException.class, () -> adapter.post(OPS, Reply.text("x")));
        assertFalse(e.permanent());
        assertTrue(e.retryAfter().isEmpty());
        assertEquals(1, fake.calls("chat.postMessage").size());
    }

    @Test
    void aLongRateLimitIsHandedBackWithRetryAfter() {
        fake.rateLimitNext("chat.postMessage", 1, 120);
        DeliveryException e = assertThrows(DeliveryException.class, () -> adapter.post(OPS, Reply.text("x")));
        assertEquals(Duration.ofSeconds(120), e.retryAfter().orElseThrow());
        assertFalse(e.permanent());
    }

    @Test
    void aTwoHundredRowTableArrivesWithinLimitsWithTheFullTableAttached() throws Exception {
        Reply reply = Reply.builder().header("Index usage").table(List.of("index", "scans"),
                BlockKitRendererGoldenTest.rows(200)).build();
        MessageRef ref = adapter.post(OPS, reply);
        SlackCall complete = fake.await("files.completeUploadExternal", Duration.ofSeconds(5));
        assertEquals("C0OPS", complete.text("channel_id"));
        assertEquals(ref.messageId(), complete.text("thread_ts"));
        String fileId = complete.json().path("files").get(0).path("id").asText();
        String file = new String(fake.upload(fileId).orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(file.contains("orders_idx_200"));
        assertEquals(List.of(), fake.violations());
        assertTrue(fake.calls("chat.postMessage").get(0).allText().contains("attached file `caretaker-index-usage.txt`"));
    }

    @Test
    void aFailedAttachmentNeverPostsTheMessageTwice() throws Exception {
        fake.failNext("files.getUploadURLExternal", 10);
        Reply reply = Reply.builder().header("Index usage").table(List.of("index", "scans"),
                BlockKitRendererGoldenTest.rows(200)).build();
        MessageRef ref = adapter.post(OPS, reply);
        assertEquals(1, fake.calls("chat.postMessage").size());
        assertTrue(fake.message("C0OPS", ref.messageId()).isPresent());
        fake.reset(); // drop the planned failures that were not used
    }

    @Test
    void anOutageDelaysACommandReplyAndLosesNothing() throws Exception {
        fake.failNext("chat.postMessage", 7);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            DirectDelivery replies = new DirectDelivery(new DeliveryPolicy(Duration.ofMillis(50), Duration.ofMillis(200)),
                    executor, new ScheduledExecutorTaskScheduler(timer), Clock.systemUTC(),
                    new RepliesSettings(Duration.ofMinutes(1), 10));
            assertTrue(replies.submit("test message", () -> adapter.post(OPS, Reply.text("still here"))));
            SlackCall delivered = fake.await("chat.postMessage",
                    c -> fake.calls("chat.postMessage").indexOf(c) == 7, Duration.ofSeconds(20));
            assertTrue(delivered.allText().contains("still here"));
            Thread.sleep(300);
            assertEquals(8, fake.calls("chat.postMessage").size(), "delivered exactly once after seven failures");
        } finally {
            executor.shutdownNow();
            timer.shutdownNow();
        }
    }

    @Test
    void anotherPlatformsChannelIsRefusedForGood() {
        DeliveryException e = assertThrows(DeliveryException.class,
                () -> adapter.post(DiscordPlatform.channel("123"), Reply.text("x")));
        assertTrue(e.permanent());
    }
}
