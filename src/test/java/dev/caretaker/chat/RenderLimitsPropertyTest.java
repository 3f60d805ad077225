package dev.caretaker.chat;

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
import dev.caretaker.reliability.Ledger;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.reply.Visibility;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

/**
 * Arbitrary replies, from empty to far past every platform limit (long and odd text, fences and mentions, a hundred
 * blocks, wide and long tables, dozens of fields and buttons), rendered by both renderers: each message is within the
 * limits the fakes check independently (Slack: 50 blocks, 3,000 characters a section, 10 fields; Discord: 4,096 a
 * description, 6,000 an embed, 25 fields, 5 rows of 5 buttons), and nothing throws.
 */
class RenderLimitsPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Gson GSON = GsonFactory.createSnakeCase();
    private static final int EXAMPLES = 150;
    private static final List<String> PIECES = List.of("word ", "```", "`", "*", "_", "~", "<@U0ADMIN>", "<!channel>",
            "@everyone", "<#C0OPS>", "\n", "\n\n", "\t", "ü", "\u202e", "😀", "\u0000", "|", ">", "&amp;", "<", "#",
            "https://example.com/" + "p".repeat(60), " ".repeat(40), "x".repeat(900));

    private final BlockKitRenderer slack = new BlockKitRenderer();
    private final EmbedRenderer discord = new EmbedRenderer();

    @Test
    void everyReplyRendersWithinBothPlatformsLimits() {
        qt().withFixedSeed(18_0200L).withExamples(EXAMPLES).forAll(replies()).checkAssert(reply -> {
            SlackMessage s = slack.render(reply);
            assertEquals(List.of(), SlackLimits.check(slackView(s)), "Slack: " + reply);
            RenderedMessage d = discord.render(reply);
            assertEquals(List.of(), PayloadLimits.check(discordView(d)), "Discord: " + reply);
        });
        Ledger.record(Ledger.Promise.INPUT, "Arbitrary replies rendered as Block Kit and as embeds within limits",
                RenderLimitsPropertyTest.class, EXAMPLES, 0, EXAMPLES, 0);
    }

    private static JsonNode slackView(SlackMessage message) {
        try {
            ObjectNode out = JSON.createObjectNode();
            out.put("text", message.text());
            out.set("blocks", JSON.readTree(GSON.toJson(message.blocks())));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode discordView(RenderedMessage message) {
        try {
            return JSON.readTree(message.toCreateData().toData().toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Gen<Reply> replies() {
        return SourceDSL.longs().all().map(n -> reply(new Random(n)));
    }

    static Reply reply(Random random) {
        Reply.Builder b = Reply.builder()
                .severity(Severity.values()[random.nextInt(Severity.values().length)])
                .visibility(Visibility.values()[random.nextInt(Visibility.values().length)]);
        if (random.nextBoolean()) {
            b.header(text(random, 400));
        }
        if (random.nextInt(3) == 0) {
            b.footer(text(random, 3000));
        }
        int blocks = random.nextInt(4) == 0 ? random.nextInt(120) : random.nextInt(6);
        for (int i = 0; i < blocks; i++) {
            switch (random.nextInt(4)) {
                case 0 -> b.text(text(random, random.nextInt(5) == 0 ? 8_000 : 600));
                case 1 -> b.code(text(random, random.nextInt(5) == 0 ? 8_000 : 800));
                case 2 -> {
                    List<Block.Field> fields = new ArrayList<>();
                    for (int f = random.nextInt(40); f > 0; f--) {
                        fields.add(new Block.Field(text(random, 300), text(random, 2500)));
                    }
                    b.fields(fields);
                }
                default -> {
                    int columns = 1 + random.nextInt(10);
                    List<String> names = new ArrayList<>();
                    for (int c = 0; c < columns; c++) {
                        names.add(text(random, 40));
                    }
                    List<List<String>> rows = new ArrayList<>();
                    for (int r = random.nextInt(5) == 0 ? random.nextInt(150) : random.nextInt(8); r > 0; r--) {
                        List<String> row = new ArrayList<>();
                        for (int c = 0; c < columns; c++) {
                            row.add(text(random, 200));
                        }
                        rows.add(row);
                    }
                    b.table(names, rows);
                }
            }
        }
        for (int i = random.nextInt(3) == 0 ? random.nextInt(40) : 0; i > 0; i--) {
            // action ids and values as Caretaker makes them (its ids, short tokens); labels are anything
            b.button(new Button("b" + text(random, 150), "caretaker.confirm", Long.toHexString(random.nextLong()),
                    Button.Style.values()[random.nextInt(Button.Style.values().length)]));
        }
        return b.build();
    }

    private static String text(Random random, int max) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(max + 1);
        while (out.length() < length) {
            out.append(PIECES.get(random.nextInt(PIECES.size())));
        }
        return out.length() > max ? out.substring(0, max) : out.toString();
    }
}
