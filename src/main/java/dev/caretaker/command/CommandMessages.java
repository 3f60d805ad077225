package dev.caretaker.command;

import java.util.Collection;
import java.util.List;

import static dev.caretaker.reply.Format.echo;
import static dev.caretaker.reply.Format.orList;

/**
 * What people read when a command line cannot be parsed: unknown commands, missing or malformed arguments, unknown
 * targets; each says how to fix it and quotes what was typed.
 */
public final class CommandMessages {

    private CommandMessages() {
    }

    static String emptyCommand() {
        return "Type a command, for example `help` or `status`.";
    }

    static String commandTooLong(int max) {
        return "That command is longer than " + max + " characters; shorten it.";
    }

    static String unclosedQuote() {
        return "A quote is not closed; close it or remove it.";
    }

    public static String unknownCommand(String typed, List<String> closest) {
        if (closest.isEmpty()) {
            return "I don't know the command `" + echo(typed) + "`; type `help` to see every command.";
        }
        return "I don't know the command `" + echo(typed) + "`. Did you mean " + orList(closest)
                + "? Type `help` to see every command.";
    }

    static String groupNeedsVerb(String group, List<String> verbs) {
        return "`" + group + "` needs one of: " + String.join(", ", verbs) + " (for example `" + group + " "
                + verbs.get(0) + "`).";
    }

    static String unknownVerb(String group, String verb, List<String> verbs, List<String> closest) {
        String hint = closest.isEmpty() ? "" : " Did you mean " + orList(closest) + "?";
        return "`" + group + "` has no `" + echo(verb) + "`; it has " + String.join(", ", verbs) + "." + hint;
    }

    static String unknownArg(String command, String usage, String key, List<String> argNames) {
        String known = argNames.isEmpty() ? "it takes no arguments" : "it takes " + String.join(", ", argNames);
        return "`" + command + "` has no argument `" + echo(key) + "`; " + known + ". Usage: `" + usage + "`";
    }

    static String repeatedArg(String usage, String key) {
        return "`" + key + "` is given twice; give it once. Usage: `" + usage + "`";
    }

    static String tooManyArgs(String command, String usage, String extra) {
        return "`" + command + "` does not take `" + echo(extra) + "`; quote values that contain spaces. Usage: `"
                + usage + "`";
    }

    static String missingArg(String command, String usage, String arg) {
        return "`" + command + "` needs `" + arg + "`. Usage: `" + usage + "`";
    }

    static String notAWholeNumber(String usage, String arg, String example, String text) {
        return "`" + arg + "` must be a whole number, like " + (example == null ? "20" : example) + " (got `"
                + echo(text) + "`). Usage: `" + usage + "`";
    }

    /** {@code min} or {@code max} may be null (unbounded on that side), not both. */
    static String notInRange(String usage, String arg, Long min, Long max, String text) {
        String range = min == null ? "at most " + max : max == null ? "at least " + min
                : "between " + min + " and " + max;
        return "`" + arg + "` must be " + range + " (got `" + echo(text) + "`). Usage: `" + usage + "`";
    }

    static String numberTooLarge(String usage, String arg, String text) {
        return "`" + arg + "` is too large (got `" + echo(text) + "`); use a smaller whole number. Usage: `" + usage
                + "`";
    }

    static String notADuration(String usage, String arg, String text) {
        return "`" + arg + "` must be a duration like 30s, 15m, 24h or 7d (got `" + echo(text) + "`). Usage: `"
                + usage + "`";
    }

    static String durationTooLong(String usage, String arg, String max, String text) {
        return "`" + arg + "` may be at most " + max + " (got `" + echo(text) + "`); use a shorter duration. Usage: `"
                + usage + "`";
    }

    static String unpassableCharacter(String usage, String arg) {
        return "`" + arg + "` holds a character no program or database can take (a NUL or half of a Unicode pair); "
                + "remove it and send the command again. Usage: `" + usage + "`";
    }

    static String notABoolean(String usage, String arg, String text) {
        return "`" + arg + "` must be true or false (got `" + echo(text) + "`). Usage: `" + usage + "`";
    }

    static String notAChoice(String usage, String arg, List<String> choices, String text) {
        return "`" + arg + "` must be one of " + String.join(", ", choices) + " (got `" + echo(text)
                + "`). Usage: `" + usage + "`";
    }

    static String doesNotMatch(String usage, String arg, String pattern, String help, String text) {
        String what = help.isBlank() ? "must match `" + pattern + "`" : "must be " + help;
        return "`" + arg + "` " + what + " (got `" + echo(text) + "`). Usage: `" + usage + "`";
    }

    public static String unknownTarget(String targetType, String text, Collection<String> names) {
        String kind = targetType == null ? "target" : targetType + " target";
        if (names.isEmpty()) {
            return "There is no " + kind + " `" + echo(text) + "`, and none is configured; add one under "
                    + "`caretaker.targets` in config/caretaker.yml.";
        }
        return "There is no " + kind + " `" + echo(text) + "`; configured: " + String.join(", ", names) + ".";
    }

    public static String internalError(String requestId) {
        return "Something went wrong on my side; the log has the details under request " + requestId + ".";
    }
}
