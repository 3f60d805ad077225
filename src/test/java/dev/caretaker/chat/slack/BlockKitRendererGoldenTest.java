package dev.caretaker.chat.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.Gson;
import com.slack.api.util.json.GsonFactory;
import dev.caretaker.fake.slack.SlackLimits;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.reply.Visibility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Slack users see for each kind of reply, pinned in {@code src/test/resources/golden/slack/}.
 * Run with {@code -Dgolden.update=true} to rewrite the files after an intended change, and review the diff.
 */
class BlockKitRendererGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/slack");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Gson GSON = GsonFactory.createSnakeCase();

    private final BlockKitRenderer renderer = new BlockKitRenderer();

    static Stream<Arguments> replies() {
        return Stream.of(
                Arguments.of("one-sentence", Reply.text("Vacuumed `orders` in 1.2s.")),
                Arguments.of("error-ephemeral", Reply.error("You need the admin role to run `db terminate`. "
                        + "Ask an admin to add you under `caretaker.roles.admin`.")),
                Arguments.of("header-fields-footer", Reply.builder().header("Database orders-db")
                        .severity(Severity.OK)
                        .fields(List.of(new Block.Field("Size", "12 GB"), new Block.Field("Connections", "42 / 100"),
                                new Block.Field("Cache hit", "99.2 %")))
                        .footer("request r-123 · 0.4s").build()),
                Arguments.of("confirm-buttons", Reply.builder().severity(Severity.WARN)
                        .text("About to run `db vacuum orders full=true`. Confirm within 5m, or cancel.")
                        .button(new Button("Confirm", ButtonActions.CONFIRM, "tok-1", Button.Style.PRIMARY))
                        .button(new Button("Cancel", ButtonActions.CANCEL, "tok-1", Button.Style.DEFAULT))
                        .build()),
                Arguments.of("small-table", Reply.builder().header("Largest tables")
                        .table(List.of("table", "size"), List.of(List.of("orders", "4 GB"), List.of("events", "2 GB")))
                        .build()),
                Arguments.of("table-200-rows", Reply.builder().header("Index usage").table(List.of("index", "scans"),
                        rows(200)).build()),
                Arguments.of("long-code", Reply.builder().header("pg_dump output").code(lines(400)).build()),
                Arguments.of("chart", Reply.builder().header("Daily digest").text("All systems up.")
                        .image("Requests per hour", "requests.png", new byte[]{(byte) 0x89, 'P', 'N', 'G'}).build()),
                Arguments.of("long-header", Reply.builder().header("h".repeat(151)).text("body").build()),
                Arguments.of("escaping-and-mentions", Reply.text("Confirmed by <@U0OPER>: a < b && c > d")),
                Arguments.of("sixty-paragraphs", sixtyParagraphs()),
                Arguments.of("ephemeral-overflow", Reply.builder().visibility(Visibility.REQUESTER)
                        .table(List.of("n"), rows1(500)).build()),
                Arguments.of("alert-critical", Reply.builder().header("Disk /var at 93 %").severity(Severity.CRITICAL)
                        .text("Disk usage crossed 90 % on db-1.")
                        .button(new Button("Ack", ButtonActions.ALERT_ACK, "fp-1", Button.Style.PRIMARY))
                        .button(new Button("Silence 1h", ButtonActions.ALERT_SILENCE, "fp-1", Button.Style.DEFAULT))
                        .build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void rendersAsPinned(String name, Reply reply) throws IOException {
        SlackMessage message = renderer.render(reply);
        JsonNode actual = view(message);
        assertEquals(List.of(), SlackLimits.check(actual), "within Slack's limits");
        Path file = GOLDEN.resolve(name + ".json");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, JSON.writeValueAsString(actual) + "\n", StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(file), "golden file " + file + " is missing; run with -Dgolden.update=true");
        assertEquals(JSON.readTree(file.toFile()), actual,
                () -> "rendering of " + name + " changed; if intended, rerun with -Dgolden.update=true and review:\n"
                        + pretty(actual));
    }

    /** The payload as Slack receives it plus a summary of the attached files. */
    static JsonNode view(SlackMessage message) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        out.put("text", message.text());
        out.put("ephemeral", message.ephemeral());
        out.set("blocks", JSON.readTree(GSON.toJson(message.blocks())));
        ArrayNode files = out.putArray("files");
        for (SlackFile f : message.files()) {
            ObjectNode file = files.addObject();
            file.put("name", f.fileName());
            file.put("title", f.title());
            file.put("bytes", f.content().length);
        }
        return out;
    }

    private static String pretty(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            return node.toString();
        }
    }

    static List<List<String>> rows(int n) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(List.of("orders_idx_" + i, String.valueOf(i * 17)));
        }
        return rows;
    }

    private static List<List<String>> rows1(int n) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(List.of("row " + i));
        }
        return rows;
    }

    private static String lines(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            out.append("pg_dump: dumping contents of table public.t").append(i).append('\n');
        }
        return out.toString();
    }

    private static Reply sixtyParagraphs() {
        Reply.Builder b = Reply.builder().header("Checklist");
        for (int i = 1; i <= 60; i++) {
            b.text("Step " + i + " done.");
        }
        return b.button(new Button("Done", ButtonActions.CHECKLIST_DONE, "cl-1", Button.Style.PRIMARY)).build();
    }
}
