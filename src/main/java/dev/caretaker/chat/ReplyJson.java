package dev.caretaker.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.reply.Visibility;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Writes a {@link Reply} as JSON and reads it back, field by field, so what the outbox stores does not depend on
 * how a JSON library guesses at sealed types. Images travel as base64.
 */
public final class ReplyJson {

    private final ObjectMapper mapper = new ObjectMapper();

    public String write(Reply reply) {
        ObjectNode root = mapper.createObjectNode();
        putNullable(root, "header", reply.header());
        root.put("severity", reply.severity().name());
        root.put("visibility", reply.visibility().name());
        putNullable(root, "footer", reply.footer());
        ArrayNode blocks = root.putArray("blocks");
        for (Block b : reply.blocks()) {
            blocks.add(block(b));
        }
        ArrayNode buttons = root.putArray("buttons");
        for (Button b : reply.buttons()) {
            ObjectNode n = buttons.addObject();
            n.put("label", b.label());
            n.put("actionId", b.actionId());
            n.put("value", b.value());
            n.put("style", b.style().name());
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a reply tree always serialises", e);
        }
    }

    private ObjectNode block(Block b) {
        ObjectNode n = mapper.createObjectNode();
        if (b instanceof Block.Text t) {
            n.put("type", "text");
            n.put("text", t.text());
        } else if (b instanceof Block.Fields f) {
            n.put("type", "fields");
            ArrayNode fields = n.putArray("fields");
            for (Block.Field field : f.fields()) {
                fields.addObject().put("name", field.name()).put("value", field.value());
            }
        } else if (b instanceof Block.Table t) {
            n.put("type", "table");
            ArrayNode columns = n.putArray("columns");
            t.columns().forEach(columns::add);
            ArrayNode rows = n.putArray("rows");
            for (List<String> row : t.rows()) {
                ArrayNode r = rows.addArray();
                row.forEach(r::add);
            }
        } else if (b instanceof Block.Code c) {
            n.put("type", "code");
            n.put("text", c.text());
        } else if (b instanceof Block.Image i) {
            n.put("type", "image");
            putNullable(n, "title", i.title());
            n.put("fileName", i.fileName());
            n.put("png", Base64.getEncoder().encodeToString(i.png()));
        } else {
            throw new IllegalArgumentException("unknown block type " + b.getClass().getName());
        }
        return n;
    }

    public Reply read(String json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored reply is not JSON", e);
        }
        Reply.Builder r = Reply.builder()
                .header(text(root, "header"))
                .severity(Severity.valueOf(root.path("severity").asText(Severity.INFO.name())))
                .visibility(Visibility.valueOf(root.path("visibility").asText(Visibility.CHANNEL.name())))
                .footer(text(root, "footer"));
        for (JsonNode b : root.path("blocks")) {
            r.block(readBlock(b));
        }
        for (JsonNode b : root.path("buttons")) {
            r.button(new Button(b.path("label").asText(), b.path("actionId").asText(), b.path("value").asText(),
                    Button.Style.valueOf(b.path("style").asText(Button.Style.DEFAULT.name()))));
        }
        return r.build();
    }

    private static Block readBlock(JsonNode b) {
        String type = b.path("type").asText();
        switch (type) {
            case "text":
                return new Block.Text(b.path("text").asText());
            case "fields": {
                List<Block.Field> fields = new ArrayList<>();
                for (JsonNode f : b.path("fields")) {
                    fields.add(new Block.Field(f.path("name").asText(), f.path("value").asText()));
                }
                return new Block.Fields(fields);
            }
            case "table": {
                List<String> columns = strings(b.path("columns"));
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode row : b.path("rows")) {
                    rows.add(strings(row));
                }
                return new Block.Table(columns, rows);
            }
            case "code":
                return new Block.Code(b.path("text").asText());
            case "image":
                return new Block.Image(text(b, "title"), b.path("fileName").asText(),
                        Base64.getDecoder().decode(b.path("png").asText()));
            default:
                throw new IllegalArgumentException("stored reply has a block of unknown type `" + type + "`");
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void putNullable(ObjectNode node, String field, String value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
