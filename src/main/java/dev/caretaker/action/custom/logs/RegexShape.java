package dev.caretaker.action.custom.logs;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Refuses the shapes of regular expression that make a backtracking engine take exponential time: a repeated group
 * that itself holds a variable repeat ({@code (a+)+}, {@code (\w*)*}, {@code (a?)+}) or offers alternatives
 * ({@code (a|ab)*}), and
 * back-references. Plain patterns people grep logs with ({@code timeout|refused}, {@code 5\d\d}, {@code user=\w+})
 * pass. This is the first guard; the read budget in {@link GrepFilter} is the second, for whatever slips by.
 */
final class RegexShape {

    private RegexShape() {
    }

    /** What one open group has seen so far. */
    private static final class Group {
        boolean repeats;
        boolean alternates;
    }

    /** The sentence saying why {@code regex} is refused, or empty when its shape is safe. */
    static Optional<String> problem(String regex) {
        Deque<Group> open = new ArrayDeque<>();
        open.push(new Group());
        int i = 0;
        int n = regex.length();
        while (i < n) {
            char c = regex.charAt(i);
            Group closed = null;
            if (c == '\\') {
                if (i + 1 >= n) {
                    return Optional.empty();   // the compiler reports the dangling backslash
                }
                char next = regex.charAt(i + 1);
                if ((next >= '1' && next <= '9') || next == 'k') {
                    return Optional.of(LogsMessages.grepBackReference());
                }
                if (next == 'Q') {
                    int end = regex.indexOf("\\E", i + 2);
                    i = end < 0 ? n : end + 2;
                } else {
                    i += 2;
                }
            } else if (c == '[') {
                i = classEnd(regex, i);
            } else if (c == '(') {
                open.push(new Group());
                i++;
                continue;
            } else if (c == ')') {
                if (open.size() == 1) {
                    return Optional.empty();   // unbalanced: the compiler says so
                }
                closed = open.pop();
                i++;
            } else if (c == '|') {
                open.peek().alternates = true;
                i++;
                continue;
            } else {
                i++;
            }
            // what follows the atom just read: a repeat makes it a repeated atom
            int after = quantifierEnd(regex, i);
            boolean repeated = after > i && repeats(regex.substring(i, after));
            boolean variable = after > i && variable(regex.substring(i, after));
            if (closed != null) {
                if (repeated && (closed.repeats || closed.alternates)) {
                    return Optional.of(LogsMessages.grepNestedRepeat());
                }
                open.peek().repeats |= closed.repeats || variable;
            } else if (variable) {
                open.peek().repeats = true;
            }
            i = after;
        }
        return Optional.empty();
    }

    /** The index after a character class starting at {@code start} (nested classes and escapes included). */
    private static int classEnd(String regex, int start) {
        int depth = 0;
        int i = start;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[') {
                depth++;
                // a ] right after [ or [^ is a literal
                if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
            i++;
        }
        return regex.length();
    }

    /** The index after a quantifier at {@code i} ({@code * + ? {n} {n,} {n,m}}, lazy or possessive), or {@code i}. */
    private static int quantifierEnd(String regex, int i) {
        if (i >= regex.length()) {
            return i;
        }
        char c = regex.charAt(i);
        int end;
        if (c == '*' || c == '+' || c == '?') {
            end = i + 1;
        } else if (c == '{') {
            int close = regex.indexOf('}', i);
            if (close < 0 || !regex.substring(i + 1, close).matches("\\d+(,\\d*)?")) {
                return i;
            }
            end = close + 1;
        } else {
            return i;
        }
        if (end < regex.length() && (regex.charAt(end) == '?' || regex.charAt(end) == '+')) {
            end++;
        }
        return end;
    }

    /** Whether a quantifier lets its atom match a varying number of times ({@code ?} included, {@code {3}} not). */
    private static boolean variable(String quantifier) {
        if (quantifier.charAt(0) != '{') {
            return true;
        }
        String inside = quantifier.substring(1, quantifier.indexOf('}'));
        int comma = inside.indexOf(',');
        return comma >= 0 && !inside.substring(0, comma).equals(inside.substring(comma + 1));
    }

    /** Whether a quantifier lets its atom match more than once. */
    private static boolean repeats(String quantifier) {
        char c = quantifier.charAt(0);
        if (c == '*' || c == '+') {
            return true;
        }
        if (c == '?') {
            return false;
        }
        String inside = quantifier.substring(1, quantifier.indexOf('}'));
        if (!inside.contains(",")) {
            return Long.parseLong(inside.length() > 9 ? "2" : inside) > 1;
        }
        String max = inside.substring(inside.indexOf(',') + 1);
        return max.isEmpty() || max.length() > 9 || Long.parseLong(max) > 1;
    }
}
