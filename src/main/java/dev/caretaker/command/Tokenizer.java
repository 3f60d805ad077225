package dev.caretaker.command;

import java.util.ArrayList;
import java.util.List;

/** Splits a command line into words, honouring single and double quotes and backslash escapes. */
public final class Tokenizer {

    /** Longer input is not a command anyone typed; refusing it bounds parsing work. */
    public static final int MAX_LENGTH = 4000;

    private Tokenizer() {
    }

    /** Quotes a word so that {@link #split} reads it back unchanged: spaces, quotes and backslashes survive. */
    public static String quote(String value) {
        if (!value.isEmpty() && value.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\''
                || c == '\\' || c == '\u201c' || c == '\u201d')) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    public static List<String> split(String line) throws UsageException {
        if (line.length() > MAX_LENGTH) {
            throw new UsageException(CommandMessages.commandTooLong(MAX_LENGTH));
        }
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'' || c == '\u201c' || c == '\u201d') {
                // Slack and phones turn straight quotes into curly ones; treat both the same.
                quote = (c == '\u201c' || c == '\u201d') ? '\u201d' : c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new UsageException(CommandMessages.unclosedQuote());
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
