package dev.caretaker.action.custom.logs;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code grep=} of a {@code logs} command, applied by Caretaker to lines it already has: a literal (matched
 * ignoring case) or, between slashes, a regular expression ({@code /time(d )?out/}, {@code /5\d\d/i}). A regular
 * expression is checked before use (no back-references, no repeat inside a repeat, nothing longer than
 * {@value #MAX_LENGTH} characters) and then runs on a budget of character reads, so a pattern that backtracks without
 * end stops with a sentence instead of holding a thread.
 */
final class GrepFilter {

    static final int MAX_LENGTH = 200;
    /** Character reads one line may cost: generous for any sane pattern over a line cut at 2,000 characters. */
    static final long LINE_BUDGET = 1_000_000;
    /** Character reads the whole search may cost. */
    static final long TOTAL_BUDGET = 50_000_000;

    /** Thrown when a pattern ran out of its budget; the reply says the pattern is too slow. */
    static final class TooSlow extends RuntimeException {
        TooSlow() {
            super("the grep pattern exceeded its budget", null, false, false);
        }
    }

    private final String shown;
    private final String literal;
    private final Pattern regex;
    private long spent;

    private GrepFilter(String shown, String literal, Pattern regex) {
        this.shown = shown;
        this.literal = literal;
        this.regex = regex;
    }

    /** What the person asked for, as the reply shows it. */
    String shown() {
        return shown;
    }

    /**
     * Reads {@code grep}.
     *
     * @return the filter, or the sentence saying what is wrong with the pattern
     */
    static Parsed parse(String grep) {
        if (grep.isEmpty()) {
            return new Parsed(Optional.empty(), Optional.of(LogsMessages.grepEmpty()));
        }
        if (grep.length() > MAX_LENGTH) {
            return new Parsed(Optional.empty(), Optional.of(LogsMessages.grepTooLong(MAX_LENGTH)));
        }
        boolean slashed = grep.length() >= 2 && grep.startsWith("/") && (grep.endsWith("/") || grep.endsWith("/i"));
        if (!slashed || grep.equals("/i")) {
            return new Parsed(Optional.of(new GrepFilter(grep, grep.toLowerCase(Locale.ROOT), null)), Optional.empty());
        }
        boolean ignoreCase = grep.endsWith("/i") && grep.length() >= 3;
        String body = grep.substring(1, grep.length() - (ignoreCase ? 2 : 1));
        if (body.isEmpty()) {
            return new Parsed(Optional.empty(), Optional.of(LogsMessages.grepEmpty()));
        }
        Optional<String> unsafe = RegexShape.problem(body);
        if (unsafe.isPresent()) {
            return new Parsed(Optional.empty(), unsafe);
        }
        try {
            Pattern p = Pattern.compile(body, ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
            return new Parsed(Optional.of(new GrepFilter(grep, null, p)), Optional.empty());
        } catch (PatternSyntaxException e) {
            return new Parsed(Optional.empty(), Optional.of(LogsMessages.grepInvalid(e.getDescription())));
        }
    }

    /** A filter, or the sentence explaining why there is none. */
    record Parsed(Optional<GrepFilter> filter, Optional<String> problem) {
    }

    /** Whether the line matches; throws {@link TooSlow} when the pattern spends more than its budget. */
    boolean matches(String line) {
        if (literal != null) {
            return line.toLowerCase(Locale.ROOT).contains(literal);
        }
        Budgeted text = new Budgeted(line, Math.min(LINE_BUDGET, TOTAL_BUDGET - spent));
        try {
            return regex.matcher(text).find();
        } finally {
            spent += text.reads;
        }
    }

    /** Character reads spent so far (for tests). */
    long spent() {
        return spent;
    }

    /**
     * The line as the regex engine sees it: every character read counts, and past the budget the read throws. Java's
     * engine reads the input only through {@link CharSequence#charAt}, so this bounds its work whatever the pattern.
     */
    private static final class Budgeted implements CharSequence {
        private final String text;
        private final long budget;
        private long reads;

        Budgeted(String text, long budget) {
            this.text = text;
            this.budget = budget;
        }

        @Override
        public char charAt(int index) {
            if (++reads > budget) {
                throw new TooSlow();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.substring(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
