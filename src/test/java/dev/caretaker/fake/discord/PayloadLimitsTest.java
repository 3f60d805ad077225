package dev.caretaker.fake.discord;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake refuses exactly what Discord documents as too big. */
class PayloadLimitsTest {

    @Test
    void acceptsAMessageAtEveryLimit() {
        ObjectNode m = FakeDiscord.JSON.createObjectNode().put("content", "c".repeat(2000));
        ObjectNode embed = m.putArray("embeds").addObject();
        embed.put("title", "t".repeat(256)).put("description", "d".repeat(4096));
        embed.putObject("footer").put("text", "f".repeat(1000));
        var rows = m.putArray("components");
        for (int r = 0; r < 5; r++) {
            var row = rows.addObject().put("type", 1).putArray("components");
            for (int b = 0; b < 5; b++) {
                row.addObject().put("type", 2).put("label", "ok").put("custom_id", "i".repeat(100));
            }
        }
        assertEquals(java.util.List.of(), PayloadLimits.check(m));
    }

    @Test
    void namesEachBrokenLimit() {
        ObjectNode m = FakeDiscord.JSON.createObjectNode().put("content", "c".repeat(2001));
        ObjectNode embed = m.putArray("embeds").addObject().put("title", "t".repeat(257));
        var fields = embed.putArray("fields");
        for (int i = 0; i < 26; i++) {
            fields.addObject().put("name", "n").put("value", "v".repeat(i == 0 ? 1025 : 10));
        }
        m.putArray("components").addObject().put("type", 1).putArray("components").addObject()
                .put("type", 2).put("label", "x").put("custom_id", "i".repeat(101));
        var problems = PayloadLimits.check(m);
        assertTrue(problems.contains("content has 2001 characters (max 2000)"), problems.toString());
        assertTrue(problems.contains("embed title has 257 characters (max 256)"), problems.toString());
        assertTrue(problems.contains("26 embed fields (max 25)"), problems.toString());
        assertTrue(problems.contains("field value has 1025 characters (max 1024)"), problems.toString());
        assertTrue(problems.contains("custom_id has 101 characters (max 100)"), problems.toString());
    }
}
