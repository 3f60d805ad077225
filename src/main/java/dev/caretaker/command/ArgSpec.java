package dev.caretaker.command;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One typed argument of a command. Arguments may be given by position (in declared order) or as
 * {@code name=value}. {@code choices} is for {@code enum}, {@code pattern} for {@code pattern},
 * {@code targetType} for {@code target} (e.g. {@code postgres}), {@code min} and {@code max} (either may be
 * null) bound an {@code int}.
 */
public record ArgSpec(String name, ArgType type, boolean required, String defaultValue, List<String> choices,
                      Pattern pattern, String targetType, String help, Long min, Long max) {

    public ArgSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        choices = choices == null ? List.of() : List.copyOf(choices);
        help = help == null ? "" : help;
    }

    /** An argument without bounds. */
    public ArgSpec(String name, ArgType type, boolean required, String defaultValue, List<String> choices,
                   Pattern pattern, String targetType, String help) {
        this(name, type, required, defaultValue, choices, pattern, targetType, help, null, null);
    }

    /** Whether {@code value} lies within {@code min} and {@code max}. */
    public boolean inRange(long value) {
        return (min == null || value >= min) && (max == null || value <= max);
    }

    public static ArgSpec optional(String name, ArgType type, String defaultValue, String help) {
        return new ArgSpec(name, type, false, defaultValue, List.of(), null, null, help);
    }

    public static ArgSpec required(String name, ArgType type, String help) {
        return new ArgSpec(name, type, true, null, List.of(), null, null, help);
    }

    /** The usage form: {@code <table>} when required, {@code [limit=20]} when optional with a default, {@code [user]} without. */
    public String usage() {
        if (required) {
            return "<" + name + ">";
        }
        return defaultValue == null ? "[" + name + "]" : "[" + name + "=" + defaultValue + "]";
    }
}
