package dev.caretaker.chat.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caretaker.fake.discord.PayloadLimits;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.reply.Visibility;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Discord users see, pinned as JSON under {@code src/test/resources/golden/discord/}: a change shows up in
 * review. Run with {@code -Dgolden.update=true} to rewrite the files after an intended change.
 */
class EmbedRendererGoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final Path GOLDEN = Path.of("src/test/resources/golden/discord");

    private final EmbedRenderer renderer = new EmbedRenderer();

    @Test
    void aShortAnswer() throws IOException {
        golden("short-ok", Reply.builder().header("db vacuum orders").severity(Severity.OK)
                .text("Vacuumed `orders` in 1.2 s; 1,204 dead tuples removed.").footer("request r-1a2b").build());
    }

    @Test
    void fieldsTableAndCode() throws IOException {
        golden("fields-table-code", Reply.builder().header("Database sizes").severity(Severity.WARN)
                .fields(List.of(new Block.Field("Largest", "orders"), new Block.Field("Total", "12.4 GB")))
                .table(List.of("table", "size"), List.of(List.of("orders", "9.1 GB"), List.of("users", "3.3 GB")))
                .code("VACUUM ANALYZE orders;")
                .build());
    }

    @Test
    void aConfirmationForTheRequesterOnly() throws IOException {
        RenderedMessage m = golden("confirm-prompt", Reply.builder().visibility(Visibility.REQUESTER)
                .text("About to run `db vacuum orders full=true`. Confirm within 5m, or cancel.")
                .button(new Button("Confirm", ButtonActions.CONFIRM, "tok-7f3a9c", Button.Style.PRIMARY))
                .button(new Button("Cancel", ButtonActions.CANCEL, "tok-7f3a9c", Button.Style.DEFAULT))
                .build());
        assertTrue(m.ephemeral());
    }

    @Test
    void aCriticalAlertWithAckAndSilence() throws IOException {
        golden("alert-critical", Reply.builder().header("HighErrorRate on checkout").severity(Severity.CRITICAL)
                .text("Error rate is 7.2 % (threshold 5 %) for 10m.")
                .fields(List.of(new Block.Field("service", "checkout"), new Block.Field("since", "09:41 UTC")))
                .button(new Button("Ack", ButtonActions.ALERT_ACK, "fp-9d2e", Button.Style.PRIMARY))
                .button(new Button("Silence 1h", ButtonActions.ALERT_SILENCE, "fp-9d2e", Button.Style.DANGER))
                .build());
    }

    @Test
    void aHundredFiftyLinesBecomeAPreviewAndAFile() throws IOException {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= 150; i++) {
            out.append(String.format("%3d  pg_stat_activity row %d: state=idle in transaction for %ds%n", i, i, i * 7));
        }
        RenderedMessage m = golden("long-output", Reply.builder().header("Long-running queries")
                .severity(Severity.WARN).code(out.toString()).build());
        assertEquals(EmbedRenderer.FULL_REPLY_FILE, m.files().get(0).fileName());
        String file = new String(m.files().get(0).data(), StandardCharsets.UTF_8);
        assertTrue(file.contains("150  pg_stat_activity row 150"), "the file has every line");
        String description = m.embeds().get(0).getDescription();
        assertTrue(description.contains("all of it is in the attached file caretaker-reply.txt"), description);
    }

    @Test
    void thirtyButtonsKeepTwentyFiveAndSaySo() throws IOException {
        Reply.Builder b = Reply.builder().text("Pick a checklist item.");
        for (int i = 1; i <= 30; i++) {
            b.button(new Button("Item " + i, ButtonActions.CHECKLIST_DONE, "c" + i, Button.Style.DEFAULT));
        }
        RenderedMessage m = golden("thirty-buttons", b.build());
        assertEquals(5, m.rows().size());
        assertTrue(m.embeds().get(0).getDescription().contains("5 buttons do not fit"));
    }

    @Test
    void aButtonWhoseCustomIdWouldPassOneHundredIsLeftOutAndSaid() {
        RenderedMessage m = renderer.render(Reply.builder().text("Approve?")
                .button(new Button("Approve", ButtonActions.APPROVE, "t".repeat(100 - ButtonActions.APPROVE.length()),
                        Button.Style.PRIMARY))
                .build());
        assertEquals(List.of(), m.rows());
        assertTrue(m.embeds().get(0).getDescription().contains("1 button does not fit on Discord"));
    }

    @Test
    void severitySetsTheColour() {
        assertEquals(0xED4245, renderer.render(Reply.builder().severity(Severity.CRITICAL).text("x").build())
                .embeds().get(0).getColorRaw());
        assertEquals(0x57F287, renderer.render(Reply.builder().severity(Severity.OK).text("x").build())
                .embeds().get(0).getColorRaw());
    }

    private RenderedMessage golden(String name, Reply reply) throws IOException {
        RenderedMessage m = renderer.render(reply);
        JsonNode payload = JSON.readTree(m.toCreateData().toData().toJson());
        assertEquals(List.of(), PayloadLimits.check(payload), "within Discord's limits");
        ObjectNode doc = JSON.createObjectNode();
        doc.set("payload", payload);
        doc.put("ephemeral", m.ephemeral());
        var files = doc.putArray("files");
        for (RenderedMessage.Attachment f : m.files()) {
            ObjectNode file = files.addObject().put("name", f.fileName()).put("bytes", f.data().length);
            if (f.fileName().endsWith(".txt")) {
                file.put("text", new String(f.data(), StandardCharsets.UTF_8));
            }
        }
        String actual = JSON.writeValueAsString(JSON.treeToValue(doc, Map.class)) + "\n";
        Path file = GOLDEN.resolve(name + ".json");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual);
        }
        assertTrue(Files.exists(file), "no golden file " + file + "; run with -Dgolden.update=true and review it");
        assertEquals(Files.readString(file), actual, "rendering of " + name + " changed");
        return m;
    }

}
