package dev.caretaker;

import dev.caretaker.action.ActionResult;
import dev.caretaker.action.Progress;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.reply.Reply;
import dev.caretaker.support.TextFlow;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every sentence people read is written in a messages class of its feature ({@code DbMessages}, {@code AlertMessages},
 * ...): no string constant with a letter in it reaches what people see from anywhere else.
 *
 * <p>What people see: the text arguments of the reply model ({@code Reply}, its builder, {@code Block}s, a
 * {@code Button}'s label), {@code ActionResult.failed}, {@code Progress.update}, what is printed to the console, and
 * HTTP response bodies. {@link TextFlow} follows constants there through locals, static fields, concatenation,
 * {@code String.format}, collections, lambdas and our own helpers. Allowed to write it: classes named
 * {@code *Messages} (sentences, labels) and {@code *Format} (how values read: sizes, durations, units). The
 * exceptions: {@code command.Durations} writes durations the way people type them (15m); the server's own HTTP
 * bodies are JSON for machines; a button's action id and value and an image's file name are not shown.
 */
class SentencesTest {

    private static final String FORMAT = "dev/caretaker/reply/Format";
    /** The server's own HTTP bodies are JSON for machines (/health, error bodies), not sentences. */
    private static final String SERVER = "dev/caretaker/server/";
    private static final Set<String> TEXT_TYPES = Set.of("Ljava/lang/String;", "Ljava/lang/Object;",
            "Ljava/lang/CharSequence;", "Ljava/util/List;", "Ljava/util/Collection;");

    @Test
    void everySentencePeopleReadIsWrittenInAMessagesClass() throws URISyntaxException {
        Path mainClasses = Path.of(Reply.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<TextFlow.Finding> findings = flow().addDirectory(mainClasses).findings();
        assertTrue(findings.isEmpty(), () -> "Text people read is written outside a messages class; move it into the "
                + "messages class of its feature (for example DbMessages) and call that:\n"
                + findings.stream().map(TextFlow.Finding::toString).collect(Collectors.joining("\n")));
    }

    @Test
    void aPlantedSentenceIsFoundWhicheverWayItTravels() {
        List<TextFlow.Finding> findings = flow().addClass(Planted.class).addClass(PlantedMessages.class).findings();
        Set<String> found = findings.stream().map(TextFlow.Finding::method)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("direct", "fieldLabel", "throughLocal", "ternary", "concatenated",
                "throughHelperParameter", "returnedByHelper", "tableRowsAdded", "constantColumns", "formatted",
                "fromLambda", "progress", "buttonLabel", "printed")), found, findings::toString);
        TextFlow.Finding helper = findings.stream().filter(f -> f.method().equals("throughHelperParameter"))
                .findFirst().orElseThrow();
        assertEquals("Planted header", helper.text());
        assertTrue(helper.line() > 0, helper::toString);
    }

    private static TextFlow flow() {
        return new TextFlow(SentencesTest::mayWriteSentences, SentencesTest::shown);
    }

    /** Classes named *Messages or *Format, the classes nested in them, and {@code command.Durations}. */
    static boolean mayWriteSentences(String internalName) {
        String simple = internalName.substring(internalName.lastIndexOf('/') + 1);
        return internalName.equals("dev/caretaker/command/Durations")
                || Arrays.stream(simple.split("\\$")).anyMatch(s -> s.endsWith("Messages") || s.endsWith("Format"));
    }

    /** The arguments people read, as positions among a call's values (the receiver is 0 for an instance call). */
    static long shown(String from, String owner, String name, String descriptor, boolean isStatic) {
        boolean model = owner.startsWith("dev/caretaker/reply/") && !owner.equals(FORMAT) && !name.equals("valueOf");
        boolean shown = model
                || owner.equals("dev/caretaker/action/ActionResult") && name.equals("failed")
                || owner.equals("dev/caretaker/action/Progress") && name.equals("update")
                || owner.equals("java/io/PrintStream") && Set.of("print", "println", "printf", "format").contains(name)
                || owner.startsWith("io/micronaut/http/") && owner.endsWith("HttpResponse") && !from.startsWith(SERVER)
                && Set.of("body", "ok", "badRequest", "unauthorized", "notFound", "serverError").contains(name);
        if (!shown) {
            return 0;
        }
        Type[] args = Type.getArgumentTypes(descriptor);
        int first = isStatic ? 0 : 1;
        long positions = 0;
        for (int i = 0; i < args.length; i++) {
            boolean notShown = owner.equals("dev/caretaker/reply/Button") && name.equals("<init>") && i > 0
                    || (owner.equals("dev/caretaker/reply/Reply$Builder") && name.equals("image")
                    || owner.equals("dev/caretaker/reply/Block$Image") && name.equals("<init>")) && i == 1;
            if (!notShown && TEXT_TYPES.contains(args[i].getDescriptor())) {
                positions |= 1L << (i + first);
            }
        }
        return positions;
    }

    /** Replies built from text written in place, each in one of the ways code does it. */
    @SuppressWarnings("unused")
    static final class Planted {
        private static final Logger LOG = LoggerFactory.getLogger(Planted.class);
        private static final List<String> COLUMNS = List.of("name", "size");

        Reply direct() {
            return Reply.builder().header("Planted header").build();
        }

        Block.Field fieldLabel(String value) {
            return new Block.Field("Size", value);
        }

        Reply throughLocal() {
            String header = "Local words";
            return Reply.text(header);
        }

        Reply ternary(boolean ok) {
            return Reply.error(ok ? "Fine" : "Broken");
        }

        ActionResult concatenated(String name) {
            return ActionResult.failed("Failed for " + name);
        }

        Reply throughHelperParameter(List<List<String>> rows) {
            return table("Planted header", rows);
        }

        private static Reply table(String header, List<List<String>> rows) {
            return Reply.builder().header(header).table(List.of(PlantedMessages.column()), rows).build();
        }

        Reply returnedByHelper() {
            return Reply.text(word());
        }

        private static String word() {
            return "Word";
        }

        Reply tableRowsAdded(String value) {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("cell", value));
            return Reply.builder().table(List.of(PlantedMessages.column()), rows).build();
        }

        Reply constantColumns(List<List<String>> rows) {
            return Reply.builder().table(COLUMNS, rows).build();
        }

        Reply formatted(int count) {
            return Reply.text(String.format("%d rows", count));
        }

        Reply fromLambda(List<String> items) {
            List<String> lines = items.stream().map(i -> "Item " + i).toList();
            return Reply.text(String.join(", ", lines));
        }

        void progress(Progress progress) {
            progress.update("Working");
        }

        Button buttonLabel() {
            return new Button("Press", ButtonActions.CONFIRM, PlantedMessages.column(), Button.Style.DEFAULT);
        }

        void printed() {
            System.out.println("Hello");
        }

        // none of these is found: sentences from a messages class, separators, keys, logs, exceptions, button values

        Reply fromMessages(List<String> names, Map<String, String> labels) {
            LOG.info("building a reply for {}", names);
            if (names.isEmpty()) {
                throw new IllegalArgumentException("no names");
            }
            return Reply.builder().header(PlantedMessages.header(names.size())).text(String.join(", ", names))
                    .text(labels.get("severity")).text(labels.getOrDefault("service", "–"))
                    .button(new Button(PlantedMessages.column(), ButtonActions.ALERT_SILENCE, "alert:1h",
                            Button.Style.DEFAULT))
                    .fields(List.of(new Block.Field(PlantedMessages.LABEL, String.valueOf(names.size()))))
                    .build();
        }
    }

    /** Where the planted sentences that are allowed live. */
    static final class PlantedMessages {
        static final String LABEL = "Names";

        static String header(int count) {
            return "Planted " + count;
        }

        static String column() {
            return "Column";
        }
    }
}
