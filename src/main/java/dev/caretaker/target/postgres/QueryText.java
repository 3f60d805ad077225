package dev.caretaker.target.postgres;

import java.util.regex.Pattern;

/**
 * Makes SQL text from {@code pg_stat_activity} safe and short for chat: literal values (which may hold
 * personal data or secrets) become {@code ?}, whitespace collapses, and long text is cut with an ellipsis.
 */
public final class QueryText {

    public static final int MAX_LENGTH = 120;

    private static final Pattern DOLLAR_QUOTED = Pattern.compile("\\$([A-Za-z_]*)\\$.*?\\$\\1\\$", Pattern.DOTALL);
    /** E'…' strings take backslash escapes; plain strings only double their quotes (standard_conforming_strings). */
    private static final Pattern ESCAPE_STRING = Pattern.compile("(?<![\\w])[Ee]'(?:[^'\\\\]|\\\\.|'')*'?");
    private static final Pattern STRING = Pattern.compile("[BbXxNn]?'(?:[^']|'')*'?");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w$.])-?\\d+(\\.\\d+)?(?![\\w$])");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private QueryText() {
    }

    public static String redact(String sql) {
        if (sql == null) {
            return "";
        }
        String out = DOLLAR_QUOTED.matcher(sql).replaceAll("?");
        out = ESCAPE_STRING.matcher(out).replaceAll("?");
        out = STRING.matcher(out).replaceAll("?");
        out = NUMBER.matcher(out).replaceAll("?");
        return SPACE.matcher(out).replaceAll(" ").strip();
    }

    /** Redacted and cut to {@code max} characters. */
    public static String shorten(String sql, int max) {
        String r = redact(sql);
        return r.length() <= max ? r : r.substring(0, max - 1) + "…";
    }
}
