package dev.caretaker.fake.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.files.FilesUploadV2Response;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.socket_mode.SocketModeClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake answers the real Slack client the way Slack does, and refuses what Slack would refuse. */
class FakeSlackTest {

    private final FakeSlack fake = FakeSlack.start();
    private final Slack slack = Slack.getInstance(config());

    private SlackConfig config() {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(fake.apiUrl());
        config.setStatsEnabled(false);
        return config;
    }

    private MethodsClient methods() {
        return slack.methods(FakeSlack.BOT_TOKEN);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void authTestAnswersTheBotIdentity() throws Exception {
        var response = methods().authTest(r -> r);
        assertTrue(response.isOk());
        assertEquals(FakeSlack.BOT_USER_ID, response.getUserId());
        assertEquals(1, fake.calls("auth.test").size());
    }

    @Test
    void aWrongTokenIsRefused() throws Exception {
        var response = slack.methods("xoxb-wrong").authTest(r -> r);
        assertFalse(response.isOk());
        assertEquals("invalid_auth", response.getError());
    }

    @Test
    void postedMessagesAreRecordedAndCanBeUpdated() throws Exception {
        ChatPostMessageResponse posted = methods().chatPostMessage(r -> r.channel("C0OPS").text("hello")
                .blocks(List.of(section("*hello*"))));
        assertTrue(posted.isOk());
        methods().chatUpdate(r -> r.channel("C0OPS").ts(posted.getTs()).text("bye").blocks(List.of(section("bye"))));
        SlackCall call = fake.calls("chat.postMessage").get(0);
        assertEquals("C0OPS", call.text("channel"));
        assertEquals("*hello*", call.blocks().get(0).path("text").path("text").asText());
        assertEquals("bye", fake.message("C0OPS", posted.getTs()).orElseThrow().path("text").asText());
    }

    @Test
    void payloadsOverSlackLimitsAreRefusedAndRemembered() throws Exception {
        List<LayoutBlock> blocks = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            blocks.add(section("x".repeat(i == 0 ? 3001 : 1)));
        }
        ChatPostMessageResponse posted = methods().chatPostMessage(r -> r.channel("C0OPS").text("t").blocks(blocks));
        assertEquals("invalid_blocks", posted.getError());
        assertEquals(1, fake.violations().size());
        assertTrue(fake.violations().get(0).contains("51 blocks, limit 50"), fake.violations().toString());
        assertTrue(fake.violations().get(0).contains("blocks[0].text has 3001 characters, limit 3000"));
        fake.reset(); // this test broke the limits on purpose
    }

    @Test
    void rateLimitedCallsAnswer429WithRetryAfter() throws Exception {
        fake.rateLimitNext("chat.postMessage", 1, 7);
        SlackApiException e = assertThrows(SlackApiException.class,
                () -> methods().chatPostMessage(r -> r.channel("C0OPS").text("hi")));
        assertEquals(429, e.getResponse().code());
        assertEquals("7", e.getResponse().header("Retry-After"));
        assertTrue(methods().chatPostMessage(r -> r.channel("C0OPS").text("hi")).isOk());
    }

    @Test
    void serverErrorsAnswer500() {
        fake.failNext("chat.postMessage", 1);
        SlackApiException e = assertThrows(SlackApiException.class,
                () -> methods().chatPostMessage(r -> r.channel("C0OPS").text("hi")));
        assertEquals(500, e.getResponse().code());
    }

    @Test
    void filesUploadThroughTheExternalUploadUrl() throws Exception {
        byte[] content = "a\nb\n".getBytes(StandardCharsets.UTF_8);
        FilesUploadV2Response response = methods().filesUploadV2(r -> r.channel("C0OPS").filename("out.txt")
                .title("output").fileData(content).initialComment("see the file"));
        assertTrue(response.isOk(), response.toString());
        SlackCall getUrl = fake.calls("files.getUploadURLExternal").get(0);
        assertEquals("out.txt", getUrl.param("filename"));
        assertEquals("4", getUrl.param("length"));
        SlackCall complete = fake.calls("files.completeUploadExternal").get(0);
        assertEquals("C0OPS", complete.text("channel_id"));
        assertEquals("see the file", complete.text("initial_comment"));
        String fileId = complete.json().path("files").get(0).path("id").asText();
        assertArrayEquals(content, fake.upload(fileId).orElseThrow());
    }

    @Test
    void usergroupMembersAndUserNames() throws Exception {
        fake.usergroup("S0OPS", "U1", "U2").user("U1", "ada");
        assertEquals(List.of("U1", "U2"), methods().usergroupsUsersList(r -> r.usergroup("S0OPS")).getUsers());
        assertEquals("ada", methods().usersInfo(r -> r.user("U1")).getUser().getName());
    }

    @Test
    void socketModeConnectsGreetsAndCollectsAcks() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        try (SocketModeClient client = slack.socketMode(FakeSlack.APP_TOKEN, SocketModeClient.Backend.JavaWebSocket)) {
            client.addWebSocketMessageListener(message -> {
                received.add(message);
                if (message.contains("envelope_id")) {
                    client.sendSocketModeResponse("{\"envelope_id\":\"" + envelopeId(message) + "\"}");
                }
            });
            client.connect();
            fake.socketMode().awaitConnection(Duration.ofSeconds(10));
            String id = fake.socketMode().send("events_api", new ObjectMapper().readTree("{\"type\":\"event_callback\"}"),
                    false, null);
            assertEquals(id, fake.socketMode().awaitAck(id, Duration.ofSeconds(10)).path("envelope_id").asText());
        }
        assertTrue(received.get(0).contains("hello"), received.toString());
    }

    private static String envelopeId(String message) {
        try {
            return new ObjectMapper().readTree(message).path("envelope_id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SectionBlock section(String markdown) {
        return SectionBlock.builder().text(MarkdownTextObject.builder().text(markdown).build()).build();
    }
}
