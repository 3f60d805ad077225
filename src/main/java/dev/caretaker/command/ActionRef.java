package dev.caretaker.command;

import java.util.Map;
import java.util.Objects;

/**
 * What a command runs: {@code kind} is {@code builtin} (with {@code name}), {@code sql}, {@code http},
 * {@code exec} or {@code redis}; {@code settings} are that kind's keys from the declaration.
 */
public record ActionRef(String kind, String name, Map<String, Object> settings) {

    public ActionRef {
        Objects.requireNonNull(kind, "kind");
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    public static ActionRef builtin(String name) {
        return new ActionRef("builtin", name, Map.of());
    }
}
