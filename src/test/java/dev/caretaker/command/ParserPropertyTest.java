package dev.caretaker.command;

import dev.caretaker.reliability.Ledger;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

/** Whatever people type, the parser answers with a command or a one-sentence usage error, never anything else. */
class ParserPropertyTest {

    private final Parser parser = new Parser(ParserTest.registry(), type -> Set.of("main"));

    /** Words drawn from what operators type, plus quoting and separators, so inputs reach deep into the parser. */
    private static final Gen<String> WORDS = Generate.pick(java.util.List.of("db", "vacuum", "status", "audit",
            "help", "cache", "clear", "limit=", "since=", "full=", "table=", "pattern=", "=", "\"", "'", "\\", "\u201c",
            "1h", "-5", "99999999999999999999", "abc", "session:*", "/ops", " ", "\t", "\n", "ü", "\u0000"));

    @Test
    void randomUnicodeNeverThrowsAnythingButUsageErrors() {
        qt().withFixedSeed(18_0600L).withExamples(3000).forAll(strings().allPossible().ofLengthBetween(0, 80))
                .checkAssert(this::parsesOrExplains);
        Ledger.record(Ledger.Promise.INPUT, "Command lines of random Unicode: parsed or one usage error",
                ParserPropertyTest.class, 3000, 0, 3000, 0);
    }

    @Test
    void randomSentencesOfCommandWordsNeverThrowAnythingButUsageErrors() {
        qt().withFixedSeed(18_0601L).withExamples(5000).forAll(lists().of(WORDS).ofSizeBetween(0, 12), integers().between(0, 2))
                .checkAssert((words, sep) -> parsesOrExplains(String.join(sep == 0 ? " " : sep == 1 ? "" : "  ", words)));
        Ledger.record(Ledger.Promise.INPUT, "Command lines of command words, quotes and separators: parsed or one usage error",
                ParserPropertyTest.class, 5000, 0, 5000, 0);
    }

    @Test
    void hugeInputIsRefusedPolitely() {
        parsesOrExplains("audit user=" + "x".repeat(100_000));
    }

    private void parsesOrExplains(String line) {
        try {
            parser.parse(line);
        } catch (UsageException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a usage error must say something");
            assertFalse(e.getMessage().contains("Exception"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one sentence, one line: " + e.getMessage());
        }
    }
}
