package dev.caretaker.action.custom;

import dev.caretaker.command.Args;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills {@code {arg}} placeholders from an invocation's args; the registry already checked every name exists. */
public final class Templates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_-]*)}");

    private Templates() {
    }

    /** Replaces each placeholder with its value passed through {@code encode}; a missing optional arg becomes empty. */
    public static String fill(String template, Args args, UnaryOperator<String> encode) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = args.has(m.group(1)) ? args.display(m.group(1)) : "";
            m.appendReplacement(out, Matcher.quoteReplacement(encode.apply(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    public static boolean hasPlaceholder(String text) {
        return PLACEHOLDER.matcher(text).find();
    }
}
