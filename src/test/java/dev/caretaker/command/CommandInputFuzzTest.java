package dev.caretaker.command;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.caretaker.reliability.Ledger;
import dev.caretaker.support.Mutants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

/**
 * The command line and the command files, fuzzed: a typed line parses or is one {@link UsageException}; a
 * {@code commands/*.yml}, however broken, is read into commands and one-line problems with a place, never an
 * exception. The example files of {@code commands/} are mutated line by line as people break YAML: indentation, a
 * lost colon or quote, a line twice or gone, a scalar replaced.
 */
class CommandInputFuzzTest {

    private static final Parser PARSER = new Parser(ParserTest.registry(), type -> Set.of("main"));
    private static final Set<String> ROLES = Set.of("viewer", "operator", "admin");
    private static final int EXAMPLES_PER_FILE = 150;
    private static final AtomicInteger LINES = new AtomicInteger();
    private static final AtomicInteger FILES = new AtomicInteger();

    @Test
    void mutatedCommandFilesAreReadIntoCommandsAndOneLineProblems() {
        List<Path> examples = examples();
        int checked = 0;
        long seed = 18_0100L;
        for (Path example : examples) {
            String text = read(example);
            qt().withFixedSeed(seed++).withExamples(EXAMPLES_PER_FILE).forAll(Mutants.ofLines(text))
                    .checkAssert(CommandInputFuzzTest::readsOrExplains);
            checked += EXAMPLES_PER_FILE;
        }
        assertTrue(examples.size() >= 5, "the example command files: " + examples);
        Ledger.record(Ledger.Promise.INPUT, "commands/*.yml mutated line by line: commands and one-line problems",
                CommandInputFuzzTest.class, checked, 0, checked, 0);
    }

    /** Replayed from the committed corpus in {@code mvn verify}: anything typed after {@code /ops}. */
    @FuzzTest
    void anyCommandLine(byte[] line) {
        LINES.incrementAndGet();
        String text = new String(line, StandardCharsets.UTF_8);
        try {
            Tokenizer.split(text);
        } catch (UsageException e) {
            plain(e.getMessage());
        }
        try {
            PARSER.parse(text);
        } catch (UsageException e) {
            plain(e.getMessage());
        }
    }

    /** Replayed from the committed corpus in {@code mvn verify}: any bytes as a command file. */
    @FuzzTest
    void anyCommandFile(byte[] file) {
        FILES.incrementAndGet();
        readsOrExplains(new String(file, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void record() {
        Ledger.record(Ledger.Promise.INPUT, "Command lines (tokenizer and parser) on the fuzz corpus",
                CommandInputFuzzTest.class, LINES.get(), 0, LINES.get(), 0);
        Ledger.record(Ledger.Promise.INPUT, "Command files on the fuzz corpus", CommandInputFuzzTest.class,
                FILES.get(), 0, FILES.get(), 0);
    }

    private static void readsOrExplains(String text) {
        CommandFileReader.Result r = CommandFileReader.read("commands/fuzz.yml", text, "operator", ROLES);
        for (ConfigProblem p : r.problems()) {
            plain(p.message());
            assertTrue(p.line() >= 0, p.toString());
        }
    }

    private static void plain(String message) {
        assertTrue(message != null && !message.isBlank(), "a problem says something");
        assertFalse(message.contains("\n"), "one line: " + message);
        for (String leak : List.of("Exception", "java.", "org.yaml", "dev.caretaker", "Cannot invoke", "because \"")) {
            assertFalse(message.contains(leak), "'" + leak + "' in " + message);
        }
    }

    private static List<Path> examples() {
        try (Stream<Path> files = Files.list(Path.of("commands"))) {
            return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
