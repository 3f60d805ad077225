package dev.caretaker.alert;

import dev.caretaker.store.AlertGroup;
import dev.caretaker.store.AlertRecord;
import dev.caretaker.chat.slack.SlackPlatform;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.Gson;
import com.slack.api.util.json.GsonFactory;
import dev.caretaker.chat.discord.EmbedRenderer;
import dev.caretaker.chat.discord.RenderedMessage;
import dev.caretaker.chat.slack.BlockKitRenderer;
import dev.caretaker.chat.slack.SlackMessage;
import dev.caretaker.fake.discord.PayloadLimits;
import dev.caretaker.fake.slack.SlackLimits;
import dev.caretaker.reply.PlainText;
import dev.caretaker.reply.Reply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Alert messages, however large their group or long their labels, render within Slack's and Discord's limits as one readable message. */
class AlertMessagesFitPlatformsTest {

    private static final Gson GSON = GsonFactory.createSnakeCase();
    private final ObjectMapper json = new ObjectMapper();
    private final Instant now = Instant.parse("2026-11-26T07:30:00Z");

    private AlertRecord alert(long id, String instance, String summary, Map<String, String> extra) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", "NodeDown");
        labels.put("service", "fleet");
        labels.put("severity", "critical");
        labels.put("instance", instance);
        labels.putAll(extra);
        return new AlertRecord(id, "fp" + id, AlertRecord.ALERTMANAGER, 7, "NodeDown", "critical",
                id % 3 == 0 ? AlertRecord.ACKNOWLEDGED : AlertRecord.FIRING, labels, Map.of(), null, summary,
                "https://runbooks.example/node-down", now.minus(Duration.ofMinutes(12)), now,
                id % 3 == 0 ? now : null, id % 3 == 0 ? "otto" : null, null, null, null, null, null);
    }

    private AlertGroup group() {
        return new AlertGroup(7, AlertRecord.ALERTMANAGER, "{}:{alertname=\"NodeDown\", service=\"fleet\"}",
                Map.of("alertname", "NodeDown", "service", "fleet"), List.of(SlackPlatform.channel("C1")),
                "<!subteam^S0ONCALL>", 1, false, 0, now);
    }

    private List<Reply> replies() {
        List<AlertRecord> thousand = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            thousand.add(alert(i, "node-" + i + ".eu-west-1.compute.internal:9100", "Node node-" + i + " is down", Map.of()));
        }
        String longText = "x".repeat(5000);
        AlertRecord huge = alert(1, "node-1", longText, Map.of("a".repeat(300), "b".repeat(3000), "zone", longText));
        AlertRenderer renderer = new AlertRenderer();
        return List.of(renderer.render(group(), thousand, now), renderer.render(group(), List.of(huge), now),
                renderer.escalation(huge, group(), Duration.ofMinutes(31)));
    }

    @Test
    void withinDiscordLimitsWithoutAnAttachment() throws Exception {
        for (Reply reply : replies()) {
            RenderedMessage message = new EmbedRenderer().render(reply);
            JsonNode payload = json.readTree(message.toCreateData().toData().toJson());
            assertEquals(List.of(), PayloadLimits.check(payload), reply.header());
            assertTrue(message.files().isEmpty(), "an alert is read in the channel, not in a file: " + reply.header());
        }
    }

    @Test
    void withinSlackLimitsWithoutAnAttachment() throws Exception {
        for (Reply reply : replies()) {
            SlackMessage message = new BlockKitRenderer().render(reply);
            ObjectNode payload = json.createObjectNode().put("text", message.text());
            payload.set("blocks", json.readTree(GSON.toJson(message.blocks())));
            assertEquals(List.of(), SlackLimits.check(payload), reply.header());
            assertFalse(message.hasFiles(), "an alert is read in the channel, not in a file: " + reply.header());
        }
    }

    @Test
    void aThousandAlertGroupSaysWhatIsGoingOnInAFewLines() {
        Reply big = replies().get(0);
        assertEquals("Critical: NodeDown (1000 of 1000 firing)", big.header());
        String text = PlainText.render(big);
        assertTrue(text.contains("<!subteam^S0ONCALL> 667 firing, 333 acknowledged."), text);
        assertTrue(text.contains("… and 985 more"), text);
        assertTrue(text.length() < 3000, "length " + text.length());
    }
}
