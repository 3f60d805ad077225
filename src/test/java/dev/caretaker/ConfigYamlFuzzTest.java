package dev.caretaker;

import dev.caretaker.reliability.Ledger;
import dev.caretaker.support.Mutants;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

/**
 * The example configuration ({@code config/caretaker.yml}) broken line by line, read the way {@code check-config}
 * and every start read it (Micronaut's environment, then {@link StartupFailure}): it loads, or the failure is one
 * sentence naming the file, never an exception's text.
 */
class ConfigYamlFuzzTest {

    private static final int EXAMPLES = 60;

    @TempDir
    Path tmp;

    @Test
    void aBrokenConfigurationFileIsReadOrOneSentence() throws IOException {
        String example = Files.readString(Path.of("config", "caretaker.yml"), StandardCharsets.UTF_8);
        AtomicInteger n = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        qt().withFixedSeed(18_0400L).withExamples(EXAMPLES).forAll(Mutants.ofLines(example)).checkAssert(text -> {
            Path file = tmp.resolve("caretaker-" + n.incrementAndGet() + ".yml");
            write(file, text);
            // read as Micronaut reads it at every start: the system property (or MICRONAUT_CONFIG_FILES)
            System.setProperty("micronaut.config.files", file.toString());
            ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).build();
            try {
                context.getEnvironment().start();
            } catch (RuntimeException e) {
                refused.incrementAndGet();
                String sentence = new StartupFailure(name -> name.equals("MICRONAUT_CONFIG_FILES") ? file.toString() : null)
                        .describe(e);
                assertTrue(sentence != null && !sentence.isBlank() && !sentence.contains("\n"), sentence);
                for (String leak : List.of("Exception", "java.", "org.yaml", "io.micronaut", "dev.caretaker")) {
                    assertFalse(sentence.contains(leak), "'" + leak + "' in " + sentence);
                }
            } finally {
                System.clearProperty("micronaut.config.files");
                context.getEnvironment().stop();
            }
        });
        assertTrue(refused.get() > 0, "some mutants are not YAML");
        Ledger.record(Ledger.Promise.INPUT, "config/caretaker.yml broken line by line: read, or one sentence",
                ConfigYamlFuzzTest.class, EXAMPLES, 0, EXAMPLES, 0);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
