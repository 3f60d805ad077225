package dev.caretaker.chat.slack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.fake.slack.SlackCall;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.AuditQuery;
import dev.caretaker.store.AuditRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    @Test
    void anEventsApiRetryRunsOnceAndIsAuditedOnce() throws Exception {
        int before = slack.runs("e2e count");
        String mention = slack.appMention(SlackService.VIEWER, "e2e count", "Ev0RETRY01");
        assertEquals(200, slack.postJson(mention, Map.of()).statusCode());
        assertEquals(200, slack.postJson(mention, Map.of("X-Slack-Retry-Num", "1",
                "X-Slack-Retry-Reason", "http_timeout")).statusCode());
        slack.fake.await("chat.postMessage", c -> c.allText().contains("Ran `e2e count`"), Duration.ofSeconds(10));
        Thread.sleep(500);
        assertEquals(before + 1, slack.runs("e2e count"), "the retry did not run the action again");
        assertEquals(1, slack.fake.calls("chat.postMessage").stream()
                .filter(c -> c.allText().contains("Ran `e2e count`")).count());
        List<AuditRecord> audit = slack.bean(AuditLog.class).search(new AuditQuery(SlackService.VIEWER, "e2e count",
                Instant.now().minus(Duration.ofMinutes(5)), 50));
        assertEquals(1, audit.size(), audit.toString());
    }

    @Test
    void aViewersAdminCommandIsRefusedPrivatelyNamingTheRole() {
        int before = slack.runs();
        HttpResponse<String> response = slack.postForm(slack.slashCommand(SlackService.VIEWER, "e2e terminate 4242"));
        JsonNode ack = SlackService.json(response.body());
        assertEquals("ephemeral", ack.path("response_type").asText());
        assertTrue(ack.toString().contains("You need the admin role"), ack.toString());
        assertEquals(before, slack.runs());
    }

    @Test
    void aConfirmCommandRunsOnlyAfterTheRequesterConfirmsAndOnlyOnce() throws Exception {
        int before = slack.runs();
        HttpResponse<String> response = slack.postForm(slack.slashCommand(SlackService.OPERATOR, "e2e vacuum orders"));
        JsonNode ack = SlackService.json(response.body());
        assertEquals("ephemeral", ack.path("response_type").asText(), "the preview is for the requester");
        JsonNode confirm = button(ack, ButtonActions.CONFIRM);
        String token = confirm.path("value").asText();
        assertEquals(before, slack.runs(), "nothing runs before the click");

        // Someone else's click does not count.
        JsonNode stranger = slack.buttonClick(SlackService.ADMIN, ButtonActions.CONFIRM, token, true);
        assertEquals(200, slack.postForm(SlackService.interactivityForm(stranger)).statusCode());
        slack.fake.await("response_url", c -> c.path().equals(responsePath(stranger))
                && c.allText().contains("who asked for it"), Duration.ofSeconds(10));
        assertEquals(before, slack.runs());

        JsonNode click = slack.buttonClick(SlackService.OPERATOR, ButtonActions.CONFIRM, token, true);
        assertEquals(200, slack.postForm(SlackService.interactivityForm(click)).statusCode());
        SlackCall result = slack.fake.await("response_url", c -> c.path().equals(responsePath(click))
                && c.allText().contains("Ran `e2e vacuum`"), Duration.ofSeconds(10));
        assertEquals("in_channel", result.text("response_type"));
        assertTrue(result.allText().contains("Confirmed by <@" + SlackService.OPERATOR + ">"), result.allText());
        assertTrue(slack.fake.calls("response_url").stream().anyMatch(c -> c.path().equals(responsePath(click))
                && "true".equals(c.text("delete_original"))), "the private prompt goes away");
        assertEquals(before + 1, slack.runs());

        JsonNode again = slack.buttonClick(SlackService.OPERATOR, ButtonActions.CONFIRM, token, true);
        slack.postForm(SlackService.interactivityForm(again));
        slack.fake.await("response_url", c -> c.path().equals(responsePath(again))
                && c.allText().contains("not waiting any more"), Duration.ofSeconds(10));
        assertEquals(before + 1, slack.runs(), "a second click does nothing");
    }

    @Test
    void twoHundredRowsArriveAsAMessageWithinLimitsPlusTheFile() {
        HttpResponse<String> response = slack.postForm(slack.slashCommand(SlackService.VIEWER, "e2e table"));
        assertEquals(200, response.statusCode());
        SlackCall message = slack.fake.await("chat.postMessage", c -> c.allText().contains("Table sizes"),
                Duration.ofSeconds(10));
        assertTrue(message.allText().contains("caretaker-table-sizes.txt"), message.allText());
        SlackCall complete = slack.fake.await("files.completeUploadExternal", Duration.ofSeconds(10));
        assertEquals(message.text("channel"), complete.text("channel_id"));
        String fileId = complete.json().path("files").get(0).path("id").asText();
        String file = new String(slack.fake.upload(fileId).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(file.contains("public.table_200"));
        assertEquals(List.of(), slack.fake.violations());
    }

    @Test
    void anApprovalIsAnsweredByAnotherPersonAndTheMessageShowsTheResult() {
        int before = slack.runs();
        JsonNode ack = SlackService.json(slack.postForm(slack.slashCommand(SlackService.OPERATOR, "e2e failover")).body());
        assertEquals("in_channel", ack.path("response_type").asText(), "others must see it to approve it");
        String token = button(ack, ButtonActions.APPROVE).path("value").asText();

        JsonNode own = slack.buttonClick(SlackService.OPERATOR, ButtonActions.APPROVE, token, false);
        slack.postForm(SlackService.interactivityForm(own));
        SlackCall refused = slack.fake.await("response_url", c -> c.path().equals(responsePath(own)), Duration.ofSeconds(10));
        assertEquals("ephemeral", refused.text("response_type"));
        assertTrue(refused.allText().contains("another person with the role must approve"), refused.allText());

        JsonNode other = slack.buttonClick(SlackService.ADMIN, ButtonActions.APPROVE, token, false);
        slack.postForm(SlackService.interactivityForm(other));
        SlackCall result = slack.fake.await("response_url", c -> c.path().equals(responsePath(other)),
                Duration.ofSeconds(10));
        assertEquals("true", result.text("replace_original"), "the approval message becomes the result");
        assertTrue(result.allText().contains("Ran `e2e failover`"), result.allText());
        assertTrue(result.allText().contains("Approved by <@" + SlackService.ADMIN + ">"), result.allText());
        assertEquals(before + 1, slack.runs());
    }

    @Test
    void otherButtonsGoToTheirHandlerAndUnknownOnesGetASentence() {
        // a real alert, acknowledged through the alert feature's button handler
        slack.bean(dev.caretaker.alert.AlertService.class).probeFiring(new dev.caretaker.probe.ProbeResult("web", "http",
                dev.caretaker.probe.ProbeStatus.CRITICAL, null, "", "web is down", Duration.ZERO, java.time.Instant.now()),
                "critical");
        long id = slack.bean(dev.caretaker.store.AlertStore.class).open().get(0).id();
        JsonNode ack = slack.buttonClick(SlackService.OPERATOR, ButtonActions.ALERT_ACK, String.valueOf(id), false);
        slack.postForm(SlackService.interactivityForm(ack));
        SlackCall acked = slack.fake.await("response_url", c -> c.path().equals(responsePath(ack)), Duration.ofSeconds(10));
        assertTrue(acked.allText().contains("Acknowledged alert #" + id + " (http on web)"), acked.allText());
        assertTrue(slack.bean(dev.caretaker.store.AlertStore.class).byId(id).orElseThrow().ackedAt() != null, "acked");

        // an action id no handler answers (checklist Done has its handler since the digest capability)
        JsonNode done = slack.buttonClick(SlackService.OPERATOR, "caretaker.retired.button", "cl-1", false);
        slack.postForm(SlackService.interactivityForm(done));
        SlackCall unknown = slack.fake.await("response_url", c -> c.path().equals(responsePath(done)), Duration.ofSeconds(10));
        assertEquals("ephemeral", unknown.text("response_type"));
        assertTrue(unknown.allText().contains("not in use any more"), unknown.allText());
    }

    private static JsonNode button(JsonNode message, String actionId) {
        for (JsonNode block : message.path("blocks")) {
            for (JsonNode element : block.path("elements")) {
                if (actionId.equals(element.path("action_id").asText())) {
                    return element;
                }
            }
        }
        throw new AssertionError("no " + actionId + " button in " + message);
    }

    private static String responsePath(JsonNode click) {
        return java.net.URI.create(click.path("response_url").asText()).getPath();
    }
}
