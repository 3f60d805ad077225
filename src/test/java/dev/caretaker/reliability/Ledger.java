package dev.caretaker.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the reliability suite counted, written down as the tests run so {@code docs/reliability.md} shows the counts of
 * an actual run ({@link ReliabilityPageIT} compares them after the unit tests). A test that holds a promise calls
 * {@link #record} once per check with what it counted. Only tests run by surefire record: the directory is emptied
 * the first time a JVM records, so rows of tests that were renamed or removed do not linger.
 *
 * <p>Counts must not depend on timing or the machine (fixed seeds, fixed example counts, fixed corpora), so the page
 * stays the same from run to run and a change in it means the suite changed.
 */
public final class Ledger {

    /** What Caretaker promises; the page lists them in this order. */
    public enum Promise {
        NOTIFICATIONS("At-least-once notifications, no visible duplicates"),
        ACTIONS("At-most-once actions"),
        AUDIT("A complete audit"),
        SECRETS("No secret in any output"),
        ACCESS("Only the roles a command names reach its action"),
        INPUT("Bad input gets a 4xx or one plain sentence, never a 500, a hang or an exception text");

        private final String text;

        Promise(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * One check's counts.
     *
     * @param check  what was checked, short, e.g. "Slack events with generated bodies"
     * @param test   the test holding it, {@code Class#method} or {@code Class}
     * @param inputs inputs generated or replayed (0 when none)
     * @param faults faults injected (0 when none)
     * @param passed cases that held
     * @param lost   notifications, actions, audit rows or secrets lost or leaked: the promise wants 0
     */
    public record Row(Promise promise, String check, String test, long inputs, long faults, long passed, long lost) {

        String line() {
            return String.join("\t", promise.name(), clean(check), clean(test), Long.toString(inputs),
                    Long.toString(faults), Long.toString(passed), Long.toString(lost));
        }

        static Row parse(String line) {
            String[] f = line.split("\t", -1);
            return new Row(Promise.valueOf(f[0]), f[1], f[2], Long.parseLong(f[3]), Long.parseLong(f[4]),
                    Long.parseLong(f[5]), Long.parseLong(f[6]));
        }

        private static String clean(String s) {
            return s.replace('\t', ' ').replace('\n', ' ').replace('|', '/');
        }
    }

    /** Where rows go: set by the surefire configuration; tests run another way (an IDE) use the same default. */
    static final Path DIRECTORY = Path.of(System.getProperty("caretaker.ledger", "target/reliability"));

    private static boolean cleared;

    private Ledger() {
    }

    /** Writes a row; the test's class and method name the file, so re-recording a check replaces its row. */
    public static synchronized void record(Row row) {
        try {
            if (!cleared) {
                clear();
                cleared = true;
            }
            Files.createDirectories(DIRECTORY);
            String name = (row.test() + "#" + row.check()).replaceAll("[^A-Za-z0-9#._-]", "_") + ".tsv";
            Files.writeString(DIRECTORY.resolve(name), row.line() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void record(Promise promise, String check, Class<?> test, long inputs, long faults, long passed,
                              long lost) {
        record(new Row(promise, check, test.getSimpleName(), inputs, faults, passed, lost));
    }

    /** Every row recorded so far, in page order. */
    static Stream<Row> rows() throws IOException {
        if (!Files.isDirectory(DIRECTORY)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(f -> f.toString().endsWith(".tsv")).map(Ledger::read).toList().stream()
                    .sorted(Comparator.comparing(Row::promise).thenComparing(Row::test).thenComparing(Row::check));
        }
    }

    private static Row read(Path file) {
        try {
            return Row.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void clear() throws IOException {
        if (Files.isDirectory(DIRECTORY)) {
            try (Stream<Path> files = Files.list(DIRECTORY)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
    }
}
