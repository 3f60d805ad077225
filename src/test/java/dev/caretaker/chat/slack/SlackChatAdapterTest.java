package dev.caretaker.chat.slack;

import dev.caretaker.chat.discord.DiscordPlatform;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.caretaker.chat.DeliveryException;
import dev.caretaker.chat.MessageRef;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.fake.slack.FakeSlack;
import dev.caretaker.fake.slack.SlackCall;
import dev.caretaker.reply.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adapter against the fake Slack, through the real Slack client. */
class SlackChatAdapterTest {

    private static final ChannelAddress OPS = SlackPlatform.channel("C0OPS");

    private final FakeSlack fake = FakeSlack.start();
    private final SlackWebApi api = api(new SlackWebApi.RetryPolicy(5, Duration.ofSeconds(30), Duration.ofMillis(20)));
    private final SlackChatAdapter adapter = new SlackChatAdapter(api, new BlockKitRenderer());

    static Slack slack(FakeSlack fake) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(fake.apiUrl());
        config.setStatsEnabled(false);
        return Slack.getInstance(config);
    }

    private SlackWebApi api(SlackWebApi.RetryPolicy policy) {
        return api(policy, ChannelPacer.SLACK_INTERVAL);
    }

    private SlackWebApi api(SlackWebApi.RetryPolicy policy, Duration pace) {
        return new SlackWebApi(slack(fake), FakeSlack.BOT_TOKEN, new ChannelPacer(pace), policy);
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
    void aRateLimitedMessageArrivesOnceAfterTheWait() throws Exception {
        fake.rateLimitNext("chat.postMessage", 3, 1);
        long start = System.nanoTime();
        MessageRef ref = adapter.post(OPS, Reply.text("backup finished"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(3)) >= 0, "waited " + took);
        assertEquals(4, fake.calls("chat.postMessage").size(), "three refused, one accepted");
        assertTrue(fake.message("C0OPS", ref.messageId()).isPresent());
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
    void messagesToOneChannelAreSpacedAboutASecondApart() throws Exception {
        long start = System.nanoTime();
        for (String channel : List.of("C1", "C2", "C3")) {
            adapter.post(SlackPlatform.channel(channel), Reply.text("hi"));
        }
        Duration spread = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(spread.compareTo(Duration.ofSeconds(1)) < 0, "different channels do not wait: " + spread);
        start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            adapter.post(OPS, Reply.text("hi " + i));
        }
        Duration same = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(same.compareTo(Duration.ofMillis(1900)) >= 0, "one channel is paced: " + same);
    }

    @Test
    void anOutageDelaysAMessageAndLosesNothing() throws Exception {
        SlackChatAdapter impatient = new SlackChatAdapter(
                api(new SlackWebApi.RetryPolicy(2, Duration.ofSeconds(30), Duration.ofMillis(10)), Duration.ofMillis(10)),
                new BlockKitRenderer());
        fake.failNext("chat.postMessage", 7);
        try (RetryQueue queue = new RetryQueue(10, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(1))) {
            assertTrue(queue.submit("test message", () -> impatient.post(OPS, Reply.text("still here"))));
            SlackCall delivered = fake.await("chat.postMessage",
                    c -> fake.calls("chat.postMessage").indexOf(c) == 7, Duration.ofSeconds(20));
            assertTrue(delivered.allText().contains("still here"));
            Thread.sleep(300);
            assertEquals(8, fake.calls("chat.postMessage").size(), "delivered exactly once after seven failures");
        }
    }

    @Test
    void anotherPlatformsChannelIsRefusedForGood() {
        DeliveryException e = assertThrows(DeliveryException.class,
                () -> adapter.post(DiscordPlatform.channel("123"), Reply.text("x")));
        assertTrue(e.permanent());
    }
}
