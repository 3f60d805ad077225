package dev.caretaker.chat.slack;

import com.slack.api.model.block.SectionBlock;
import dev.caretaker.fake.slack.SlackLimits;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.reply.PlainText;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

class BlockKitRendererTest {

    private final BlockKitRenderer renderer = new BlockKitRenderer();

    @Test
    void everyReplyFitsSlacksLimitsAndNothingIsLost() {
        qt().withExamples(300).forAll(replies()).checkAssert(reply -> {
            SlackMessage message = renderer.render(reply);
            try {
                assertEquals(List.of(), SlackLimits.check(BlockKitRendererGoldenTest.view(message)));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            boolean attached = message.files().stream().anyMatch(f -> f.fileName().endsWith(".txt"));
            String shown = message.blocks().toString();
            if (attached) {
                assertEquals(PlainText.render(reply), new String(message.files().get(0).content(), StandardCharsets.UTF_8));
                assertTrue(shown.contains("the full output is in the attached file"), shown);
            }
        });
    }

    @Test
    void longTextIsSplitIntoSectionsWithoutLosingCharacters() {
        String word = "lorem ipsum dolor sit amet ";
        String text = word.repeat(400).strip();
        SlackMessage message = renderer.render(Reply.text(text));
        assertTrue(message.blocks().size() > 3);
        assertTrue(message.files().isEmpty(), "split text needs no file");
        StringBuilder joined = new StringBuilder();
        message.blocks().forEach(b -> joined.append(((SectionBlock) b).getText().getText()).append(' '));
        assertEquals(text, joined.toString().strip());
    }

    @Test
    void aTwoHundredRowTableShowsWhatFitsAndAttachesEverything() {
        Reply reply = Reply.builder().header("Index usage").table(List.of("index", "scans"),
                BlockKitRendererGoldenTest.rows(200)).build();
        SlackMessage message = renderer.render(reply);
        assertEquals("caretaker-index-usage.txt", message.files().get(0).fileName());
        String file = new String(message.files().get(0).content(), StandardCharsets.UTF_8);
        assertTrue(file.contains("orders_idx_200"), "the last row is in the file");
        assertTrue(message.blocks().toString().contains("Showing the first"), "the message says what it shows");
    }

    @Test
    void aButtonValueOverTheLimitIsRefusedLoudly() {
        Reply reply = Reply.builder().text("x")
                .button(new Button("Go", ButtonActions.CONFIRM, "v".repeat(2001), Button.Style.PRIMARY)).build();
        assertThrows(IllegalArgumentException.class, () -> renderer.render(reply));
    }

    @Test
    void fileNamesComeFromTheHeader() {
        assertEquals("caretaker-db-status-orders.txt",
                BlockKitRenderer.fileName(Reply.builder().header("DB status: orders!").build()));
        assertEquals("caretaker-output.txt", BlockKitRenderer.fileName(Reply.text("x")));
    }

    private static Gen<Reply> replies() {
        Gen<String> words = SourceDSL.strings().basicLatinAlphabet().ofLengthBetween(0, 40);
        Gen<Integer> sizes = SourceDSL.integers().between(0, 6000);
        Gen<Integer> counts = SourceDSL.integers().between(0, 70);
        return words.zip(sizes, counts, SourceDSL.integers().between(0, 1000), (word, size, count, seed) -> {
            Reply.Builder b = Reply.builder().severity(Severity.values()[seed % 4]);
            if (seed % 3 == 0) {
                b.header(word.repeat(1 + seed % 7));
            }
            int kind = seed % 5;
            for (int i = 0; i < count / (kind + 1); i++) {
                switch ((seed + i) % 4) {
                    case 0 -> b.text((word + "<&> ").repeat(1 + size / Math.max(1, word.length() + 4) / 10));
                    case 1 -> b.code((word + "\n").repeat(1 + size / 50));
                    case 2 -> b.table(List.of("a", "b"), table(1 + size / 40, word));
                    default -> b.block(new Block.Fields(fields(1 + (seed + i) % 25, word, size)));
                }
            }
            for (int i = 0; i < seed % 4; i++) {
                b.button(new Button(word.isEmpty() ? "ok" : word.repeat(3), ButtonActions.CONFIRM, "t" + i,
                        Button.Style.values()[i % 3]));
            }
            if (seed % 2 == 0) {
                b.footer("request r-" + seed);
            }
            return b.build();
        });
    }

    private static List<List<String>> table(int rows, String word) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            out.add(List.of(word + i, String.valueOf(i)));
        }
        return out;
    }

    private static List<Block.Field> fields(int n, String word, int size) {
        List<Block.Field> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Block.Field("f" + i, (word + " ").repeat(1 + size / 20)));
        }
        return out;
    }
}
