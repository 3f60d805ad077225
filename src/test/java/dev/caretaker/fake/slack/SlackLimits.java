package dev.caretaker.fake.slack;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Slack's documented payload limits, written here independently of the renderer so a renderer bug cannot
 * hide behind its own constants. {@link #check} lists every limit a message payload exceeds.
 */
public final class SlackLimits {

    static final int MESSAGE_BLOCKS = 50;
    static final int MESSAGE_TEXT = 40_000;
    static final int SECTION_TEXT = 3_000;
    static final int SECTION_FIELDS = 10;
    static final int FIELD_TEXT = 2_000;
    static final int HEADER_TEXT = 150;
    static final int CONTEXT_ELEMENTS = 10;
    static final int ACTIONS_ELEMENTS = 25;
    static final int BUTTON_TEXT = 75;
    static final int BUTTON_VALUE = 2_000;
    static final int ACTION_ID = 255;
    static final int BLOCK_ID = 255;
    static final int IMAGE_URL = 3_000;
    static final int ALT_TEXT = 2_000;

    private SlackLimits() {
    }

    public static List<String> check(JsonNode payload) {
        List<String> problems = new ArrayList<>();
        if (payload.hasNonNull("text") && payload.get("text").asText().length() > MESSAGE_TEXT) {
            problems.add("text has " + payload.get("text").asText().length() + " characters, limit " + MESSAGE_TEXT);
        }
        JsonNode blocks = payload.path("blocks");
        if (blocks.size() > MESSAGE_BLOCKS) {
            problems.add(blocks.size() + " blocks, limit " + MESSAGE_BLOCKS);
        }
        for (int i = 0; i < blocks.size(); i++) {
            checkBlock("blocks[" + i + "]", blocks.get(i), problems);
        }
        return problems;
    }

    private static void checkBlock(String where, JsonNode block, List<String> problems) {
        String type = block.path("type").asText();
        max(where + ".block_id", block.path("block_id").asText(), BLOCK_ID, problems);
        switch (type) {
            case "section" -> {
                max(where + ".text", block.path("text").path("text").asText(), SECTION_TEXT, problems);
                JsonNode fields = block.path("fields");
                if (fields.size() > SECTION_FIELDS) {
                    problems.add(where + ".fields has " + fields.size() + ", limit " + SECTION_FIELDS);
                }
                for (int i = 0; i < fields.size(); i++) {
                    max(where + ".fields[" + i + "]", fields.get(i).path("text").asText(), FIELD_TEXT, problems);
                }
                if (!block.has("text") && fields.isEmpty()) {
                    problems.add(where + " is a section without text or fields");
                }
                if (block.has("accessory")) {
                    checkElement(where + ".accessory", block.get("accessory"), problems);
                }
            }
            case "header" -> {
                if (!"plain_text".equals(block.path("text").path("type").asText())) {
                    problems.add(where + ".text must be plain_text");
                }
                max(where + ".text", block.path("text").path("text").asText(), HEADER_TEXT, problems);
            }
            case "context" -> {
                JsonNode elements = block.path("elements");
                if (elements.size() > CONTEXT_ELEMENTS) {
                    problems.add(where + ".elements has " + elements.size() + ", limit " + CONTEXT_ELEMENTS);
                }
                for (int i = 0; i < elements.size(); i++) {
                    max(where + ".elements[" + i + "]", elements.get(i).path("text").asText(), SECTION_TEXT, problems);
                }
            }
            case "actions" -> {
                JsonNode elements = block.path("elements");
                if (elements.size() > ACTIONS_ELEMENTS) {
                    problems.add(where + ".elements has " + elements.size() + ", limit " + ACTIONS_ELEMENTS);
                }
                for (int i = 0; i < elements.size(); i++) {
                    checkElement(where + ".elements[" + i + "]", elements.get(i), problems);
                }
            }
            case "image" -> {
                max(where + ".image_url", block.path("image_url").asText(), IMAGE_URL, problems);
                max(where + ".alt_text", block.path("alt_text").asText(), ALT_TEXT, problems);
            }
            case "divider", "rich_text", "file" -> {
                // nothing Caretaker sends in these can exceed a limit
            }
            default -> problems.add(where + " has unknown block type '" + type + "'");
        }
    }

    private static void checkElement(String where, JsonNode element, List<String> problems) {
        if ("button".equals(element.path("type").asText())) {
            max(where + ".text", element.path("text").path("text").asText(), BUTTON_TEXT, problems);
            max(where + ".value", element.path("value").asText(), BUTTON_VALUE, problems);
            max(where + ".action_id", element.path("action_id").asText(), ACTION_ID, problems);
            String style = element.path("style").asText("");
            if (!style.isEmpty() && !style.equals("primary") && !style.equals("danger")) {
                problems.add(where + ".style '" + style + "' is neither primary nor danger");
            }
        }
    }

    private static void max(String where, String text, int limit, List<String> problems) {
        if (text.length() > limit) {
            problems.add(where + " has " + text.length() + " characters, limit " + limit);
        }
    }
}
