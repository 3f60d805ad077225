package dev.caretaker.chat.discord;

import java.util.List;
import java.util.Map;

/** Turns a slash command's subcommand path and options back into the text users type: {@code db vacuum table=orders}. */
final class CommandLines {

    private CommandLines() {
    }

    /** {@code group} is null for single-word commands; options keep Discord's order. */
    static String of(String group, String subcommand, List<Map.Entry<String, String>> options) {
        StringBuilder line = new StringBuilder();
        if (group != null) {
            line.append(group).append(' ');
        }
        line.append(subcommand);
        for (Map.Entry<String, String> option : options) {
            line.append(' ').append(option.getKey()).append('=').append(quote(option.getValue()));
        }
        return line.toString();
    }

    /** Quotes a value the way the tokenizer reads it back unchanged: spaces, quotes and backslashes survive. */
    static String quote(String value) {
        if (!value.isEmpty() && value.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\''
                || c == '\\' || c == '\u201c' || c == '\u201d')) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
