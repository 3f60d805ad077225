package dev.caretaker.reliability;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/reliability.md shows the counts the reliability suite recorded in this build's unit-test run ({@link Ledger}),
 * so the page cannot drift from the tests. Run by failsafe, after every unit test has recorded. When the suite
 * changed on purpose, {@code mvn verify -Dreliability.write=true} rewrites the table between the page's markers.
 */
class ReliabilityPageIT {

    static final Path PAGE = Path.of("docs", "reliability.md");
    static final String BEGIN = "<!-- ledger:begin (written from the test run: ReliabilityPageIT) -->";
    static final String END = "<!-- ledger:end -->";

    @Test
    void thePageShowsTheCountsOfThisRun() throws Exception {
        List<Ledger.Row> rows = Ledger.rows().toList();
        assertFalse(rows.isEmpty(), "no reliability counts in " + Ledger.DIRECTORY
                + ": run the whole unit-test suite first (mvn verify runs it)");
        Set<Ledger.Promise> held = rows.stream().map(Ledger.Row::promise).collect(Collectors.toSet());
        for (Ledger.Promise p : Ledger.Promise.values()) {
            assertTrue(held.contains(p), "no test recorded counts for the promise: " + p.text());
        }
        for (Ledger.Row r : rows) {
            assertEquals(0, r.lost(), r.test() + " lost or leaked something: " + r.check());
            assertTrue(r.passed() > 0, r.test() + " recorded no passing case: " + r.check());
        }

        String table = table(rows);
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        int begin = page.indexOf(BEGIN);
        int end = page.indexOf(END);
        assertTrue(begin >= 0 && end > begin, PAGE + " keeps its counts between " + BEGIN + " and " + END);
        String now = page.substring(begin + BEGIN.length(), end);
        if (Boolean.getBoolean("reliability.write")) {
            Files.writeString(PAGE, page.substring(0, begin + BEGIN.length()) + table + page.substring(end),
                    StandardCharsets.UTF_8);
            return;
        }
        assertEquals(table, now, PAGE + " shows other counts than this run recorded; if the suite changed on "
                + "purpose, rewrite it with mvn verify -Dreliability.write=true");
    }

    static String table(List<Ledger.Row> rows) {
        StringBuilder out = new StringBuilder("\n| Promise | What is checked | Test | Inputs generated | Faults injected "
                + "| Cases passed | Lost or leaked |\n|---|---|---|---:|---:|---:|---:|\n");
        for (Ledger.Row r : rows) {
            out.append("| ").append(r.promise().text()).append(" | ").append(r.check()).append(" | `")
                    .append(r.test()).append("` | ").append(r.inputs()).append(" | ").append(r.faults()).append(" | ")
                    .append(r.passed()).append(" | ").append(r.lost()).append(" |\n");
        }
        long inputs = rows.stream().mapToLong(Ledger.Row::inputs).sum();
        long faults = rows.stream().mapToLong(Ledger.Row::faults).sum();
        long passed = rows.stream().mapToLong(Ledger.Row::passed).sum();
        long lost = rows.stream().mapToLong(Ledger.Row::lost).sum();
        out.append("| **All** | | | **").append(inputs).append("** | **").append(faults).append("** | **")
                .append(passed).append("** | **").append(lost).append("** |\n");
        return out.toString();
    }
}
