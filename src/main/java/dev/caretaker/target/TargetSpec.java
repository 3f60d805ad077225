package dev.caretaker.target;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One configured target: its name, its type ({@code postgres}, {@code redis}, …) and the raw settings under
 * {@code caretaker.targets.<name>}; each client reads the settings it understands.
 */
public record TargetSpec(String name, String type, Map<String, Object> settings) {

    public TargetSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** A setting as text, absent when missing or blank. */
    public Optional<String> string(String key) {
        Object v = settings.get(key);
        if (v == null || v.toString().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(v.toString().strip());
    }

    @Override
    public String toString() {
        // settings may hold a password; never print them
        return "TargetSpec[" + name + ", " + type + "]";
    }
}
