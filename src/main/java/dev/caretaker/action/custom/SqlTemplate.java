package dev.caretaker.action.custom;

import java.util.ArrayList;
import java.util.List;

/**
 * A declared SQL statement with {@code {arg}} placeholders, turned into JDBC text: each placeholder outside
 * quotes and comments becomes a bound {@code ?} (a literal {@code ?} operator becomes {@code ??}), and a
 * second statement after a {@code ;} is detected so it can be refused at boot.
 *
 * @param jdbc          the text to prepare
 * @param placeholders  arg names in parameter order (repeats allowed)
 * @param multiple      true when text other than comments follows a {@code ;}
 */
public record SqlTemplate(String jdbc, List<String> placeholders, boolean multiple) {

    public SqlTemplate {
        placeholders = List.copyOf(placeholders);
    }

    public static SqlTemplate parse(String sql) {
        StringBuilder out = new StringBuilder();
        List<String> names = new ArrayList<>();
        boolean multiple = false;
        boolean ended = false;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char ch = sql.charAt(i);
            int skip = skipQuotedOrComment(sql, i);
            if (skip > i) {
                if (ended && !isComment(sql, i)) {
                    multiple = true;
                }
                out.append(sql, i, skip);
                i = skip;
                continue;
            }
            if (ended && !Character.isWhitespace(ch)) {
                multiple = true;
            }
            if (ch == ';') {
                ended = true;
                i++;
                continue;
            }
            if (ch == '{') {
                int close = sql.indexOf('}', i);
                if (close > i + 1 && sql.substring(i + 1, close).matches("[a-z][a-z0-9_-]{0,40}")) {
                    names.add(sql.substring(i + 1, close));
                    out.append('?');
                    i = close + 1;
                    continue;
                }
            }
            out.append(ch == '?' ? "??" : String.valueOf(ch));
            i++;
        }
        return new SqlTemplate(out.toString().strip(), names, multiple);
    }

    private static boolean isComment(String sql, int i) {
        return sql.startsWith("--", i) || sql.startsWith("/*", i);
    }

    /** The index after a string, quoted identifier, dollar-quoted string or comment starting at {@code i}; else {@code i}. */
    private static int skipQuotedOrComment(String sql, int i) {
        char ch = sql.charAt(i);
        if (ch == '\'' || ch == '"') {
            int j = i + 1;
            while (j < sql.length()) {
                if (sql.charAt(j) == ch) {
                    if (j + 1 < sql.length() && sql.charAt(j + 1) == ch) {
                        j += 2;
                        continue;
                    }
                    return j + 1;
                }
                j++;
            }
            return sql.length();
        }
        if (sql.startsWith("--", i)) {
            int nl = sql.indexOf('\n', i);
            return nl < 0 ? sql.length() : nl + 1;
        }
        if (sql.startsWith("/*", i)) {
            int end = sql.indexOf("*/", i + 2);
            return end < 0 ? sql.length() : end + 2;
        }
        if (ch == '$') {
            int j = i + 1;
            while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
                j++;
            }
            if (j < sql.length() && sql.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
                String tag = sql.substring(i, j + 1);
                int end = sql.indexOf(tag, j + 1);
                return end < 0 ? sql.length() : end + tag.length();
            }
        }
        return i;
    }
}
