package dev.caretaker.command;

import java.util.Locale;
import java.util.Optional;

/** The types a command argument can have; {@code text} takes the rest of the words, spaces and all. */
public enum ArgType {
    STRING, INT, DURATION, ENUM, PATTERN, TARGET, BOOL, TEXT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ArgType> fromId(String id) {
        for (ArgType t : values()) {
            if (t.id().equals(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
