package dev.caretaker.chat.slack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.fake.slack.FakeSocketMode;
import dev.caretaker.fake.slack.SlackCall;
import dev.caretaker.reply.ButtonActions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Socket Mode end to end: the same flows as over HTTP, through the fake's WebSocket. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlackSocketModeEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private SlackService slack;
    private FakeSocketMode socket;

    @BeforeAll
    void start() {
        slack = SlackService.start(true);
        socket = slack.fake.socketMode();
        socket.awaitConnection(WAIT);
    }

    @AfterAll
    void stop() {
        slack.close();
    }

    @Test
    void helpAnswersInTheAck() {
        String id = socket.send("slash_commands", slack.slashCommandJson(SlackService.VIEWER, "help"), true, null);
        JsonNode ack = socket.awaitAck(id, WAIT);
        assertEquals("ephemeral", ack.path("payload").path("response_type").asText(), ack.toString());
        assertTrue(ack.toString().contains("whoami"), ack.toString());
    }

    @Test
    void aLongCommandAcksRunningAndAnswersThroughTheResponseUrl() {
        String id = socket.send("slash_commands", slack.slashCommandJson(SlackService.VIEWER, "e2e quiet"), true, null);
        assertTrue(socket.awaitAck(id, WAIT).toString().contains("Running `e2e quiet`"));
        slack.fake.await("response_url", c -> c.allText().contains("Quiet report done."), WAIT);
    }

    @Test
    void aSlowCommandDoesNotHoldUpTheNextOnesAck() {
        JsonNode slowCommand = slack.slashCommandJson(SlackService.VIEWER, "e2e quiet");
        String slowAnswer = java.net.URI.create(slowCommand.path("response_url").asText()).getPath();
        String slow = socket.send("slash_commands", slowCommand, true, null);
        String quick = socket.send("slash_commands", slack.slashCommandJson(SlackService.VIEWER, "help"), true, null);
        socket.awaitAck(quick, WAIT);
        // the slow command (three seconds) has not answered yet, so it did not hold up the quick one
        assertTrue(slack.fake.calls("response_url").stream().noneMatch(c -> c.path().equals(slowAnswer)),
                "help was acked only after the slow command finished");
        socket.awaitAck(slow, WAIT);
        slack.fake.await("response_url", c -> c.path().equals(slowAnswer) && c.allText().contains("Quiet report done."), WAIT);
    }

    @Test
    void aRetriedEventRunsOnce() throws Exception {
        int before = slack.runs("e2e count");
        JsonNode event = SlackService.json(slack.appMention(SlackService.VIEWER, "e2e count", "Ev0SOCKET01"));
        socket.awaitAck(socket.send("events_api", event, false, null), WAIT);
        socket.awaitAck(socket.send("events_api", event, false, 1), WAIT);
        slack.fake.await("chat.postMessage", c -> c.allText().contains("Ran `e2e count`"), WAIT);
        Thread.sleep(500);
        assertEquals(before + 1, slack.runs("e2e count"));
    }

    @Test
    void aViewersAdminCommandIsRefusedPrivately() {
        String id = socket.send("slash_commands", slack.slashCommandJson(SlackService.VIEWER, "e2e terminate 7"), true, null);
        JsonNode ack = socket.awaitAck(id, WAIT);
        assertEquals("ephemeral", ack.path("payload").path("response_type").asText());
        assertTrue(ack.toString().contains("You need the admin role"), ack.toString());
    }

    @Test
    void aConfirmCommandRunsOnceAfterTheRequestersClick() throws Exception {
        int before = slack.runs();
        String id = socket.send("slash_commands", slack.slashCommandJson(SlackService.OPERATOR, "e2e vacuum orders"),
                true, null);
        JsonNode ack = socket.awaitAck(id, WAIT).path("payload");
        String token = null;
        for (JsonNode block : ack.path("blocks")) {
            for (JsonNode element : block.path("elements")) {
                if (ButtonActions.CONFIRM.equals(element.path("action_id").asText())) {
                    token = element.path("value").asText();
                }
            }
        }
        assertTrue(token != null, "the preview has a Confirm button: " + ack);
        JsonNode click = slack.buttonClick(SlackService.OPERATOR, ButtonActions.CONFIRM, token, true);
        socket.awaitAck(socket.send("interactive", click, false, null), WAIT);
        String path = java.net.URI.create(click.path("response_url").asText()).getPath();
        SlackCall result = slack.fake.await("response_url", c -> c.path().equals(path)
                && c.allText().contains("Ran `e2e vacuum`"), WAIT);
        assertTrue(result.allText().contains("Confirmed by"));
        JsonNode again = slack.buttonClick(SlackService.OPERATOR, ButtonActions.CONFIRM, token, true);
        socket.awaitAck(socket.send("interactive", again, false, null), WAIT);
        String againPath = java.net.URI.create(again.path("response_url").asText()).getPath();
        slack.fake.await("response_url", c -> c.path().equals(againPath) && c.allText().contains("not waiting any more"),
                WAIT);
        assertEquals(before + 1, slack.runs());
    }
}
