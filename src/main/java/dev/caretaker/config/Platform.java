package dev.caretaker.config;

import java.util.Locale;
import java.util.Optional;

/** A chat platform Caretaker talks to; the prefix of a channel address. */
public enum Platform {
    SLACK, DISCORD, CONSOLE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Platform> fromId(String id) {
        for (Platform p : values()) {
            if (p.id().equals(id)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
