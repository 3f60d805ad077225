package dev.caretaker.chat.slack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.fake.slack.SlackCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTP mode end to end: signed requests to POST /slack/events, answers through the fake Slack. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlackHttpEndToEndTest {

    private SlackService slack;

    @BeforeAll
    void start() {
        slack = SlackService.start(false);
    }

    @AfterAll
    void stop() {
        slack.close();
    }

    @Test
    void signedHelpAnswersInTheAck() {
        HttpResponse<String> response = slack.postForm(slack.slashCommand(SlackService.VIEWER, "help"));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode ack = SlackService.json(response.body());
        assertEquals("ephemeral", ack.path("response_type").asText(), "help is for the requester");
        assertTrue(ack.toString().contains("whoami"), ack.toString());
    }

    @Test
    void forgedStaleAndFutureRequestsGet401() {
        String body = slack.slashCommand(SlackService.VIEWER, "e2e count");
        int before = slack.runs();
        HttpResponse<String> forged = slack.post(body, "application/x-www-form-urlencoded", Instant.now(),
                Map.of("X-Slack-Signature", "v0=" + "0".repeat(64)));
        HttpResponse<String> old = slack.post(body, "application/x-www-form-urlencoded",
                Instant.now().minus(Duration.ofMinutes(10)), Map.of());
        HttpResponse<String> future = slack.post(body, "application/x-www-form-urlencoded",
                Instant.now().plus(Duration.ofMinutes(10)), Map.of());
        assertEquals(401, forged.statusCode());
        assertEquals(401, old.statusCode());
        assertEquals(401, future.statusCode());
        assertEquals(before, slack.runs(), "nothing ran");
    }

    @Test
    void urlVerificationIsAnsweredWithItsChallenge() {
        JsonNode challenge = SlackService.fixture("url-verification.json");
        HttpResponse<String> response = slack.postJson(challenge.toString(), Map.of());
        assertEquals(200, response.statusCode());
        assertEquals(challenge.path("challenge").asText(), response.body());
    }

    @Test
    void aLongCommandAcksRunningAndAnswersThroughTheResponseUrl() {
        HttpResponse<String> response = slack.postForm(slack.slashCommand(SlackService.VIEWER, "e2e quiet"));
        assertEquals(200, response.statusCode());
        JsonNode ack = SlackService.json(response.body());
        assertTrue(ack.toString().contains("Running `e2e quiet`"), ack.toString());
        SlackCall result = slack.fake.await("response_url", c -> c.allText().contains("Quiet report done."),
                Duration.ofSeconds(10));
        assertEquals("in_channel", result.text("response_type"));
    }

    @Test
    void progressEditsOneMessageThatEndsAsTheResult() {
        HttpResponse<String> response = slack.postForm(slack.slashCommand(SlackService.VIEWER, "e2e slow"));
        assertTrue(response.body().contains("Running `e2e slow`"), response.body());
        SlackCall progress = slack.fake.await("chat.postMessage", c -> c.allText().contains("Halfway"),
                Duration.ofSeconds(10));
        String ts = slack.fake.await("chat.update", c -> c.allText().contains("All 3 steps done."),
                Duration.ofSeconds(10)).text("ts");
        assertEquals(SlackService.CHANNEL, progress.text("channel"));
        assertTrue(slack.fake.message(SlackService.CHANNEL, ts).orElseThrow().toString().contains("All 3 steps done."),
                () -> slack.fake.messageCalls().toString());
        assertEquals(1, slack.fake.calls("chat.postMessage").stream().filter(c -> c.allText().contains("Halfway")).count(),
                "one progress message, edited after that");
    }
}
