package dev.caretaker.fake.discord;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Discord's documented message limits, checked the way Discord checks them; the numbers are written here
 * on purpose instead of reusing the renderer's constants, so the fake stays an independent judge.
 */
public final class PayloadLimits {

    private PayloadLimits() {
    }

    /** Every limit the message payload breaks, one line each; empty when Discord would accept it. */
    public static List<String> check(JsonNode message) {
        List<String> problems = new ArrayList<>();
        String content = message.path("content").asText("");
        if (content.length() > 2000) {
            problems.add("content has " + content.length() + " characters (max 2000)");
        }
        JsonNode embeds = message.path("embeds");
        if (embeds.size() > 10) {
            problems.add(embeds.size() + " embeds (max 10)");
        }
        int total = 0;
        for (JsonNode embed : embeds) {
            total += len(problems, embed.path("title"), "embed title", 256);
            total += len(problems, embed.path("description"), "embed description", 4096);
            total += len(problems, embed.path("footer").path("text"), "embed footer", 2048);
            total += len(problems, embed.path("author").path("name"), "embed author", 256);
            JsonNode fields = embed.path("fields");
            if (fields.size() > 25) {
                problems.add(fields.size() + " embed fields (max 25)");
            }
            for (JsonNode field : fields) {
                total += len(problems, field.path("name"), "field name", 256);
                total += len(problems, field.path("value"), "field value", 1024);
            }
        }
        if (total > 6000) {
            problems.add("embeds have " + total + " characters in total (max 6000)");
        }
        JsonNode rows = message.path("components");
        if (rows.size() > 5) {
            problems.add(rows.size() + " action rows (max 5)");
        }
        for (JsonNode row : rows) {
            JsonNode children = row.path("components");
            if (children.size() > 5) {
                problems.add(children.size() + " buttons in a row (max 5)");
            }
            for (JsonNode child : children) {
                String id = child.path("custom_id").asText("");
                if (id.length() > 100) {
                    problems.add("custom_id has " + id.length() + " characters (max 100)");
                }
                len(problems, child.path("label"), "button label", 80);
            }
        }
        return problems;
    }

    private static int len(List<String> problems, JsonNode node, String what, int max) {
        if (node.isMissingNode() || node.isNull()) {
            return 0;
        }
        int n = node.asText().length();
        if (n > max) {
            problems.add(what + " has " + n + " characters (max " + max + ")");
        }
        return n;
    }
}
