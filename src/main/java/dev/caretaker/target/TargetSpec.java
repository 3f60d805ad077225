package dev.caretaker.target;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

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

    /** A whole-number setting, {@code fallback} when unset; anything else is refused naming the key. */
    public int integer(String key, int fallback) {
        return integer(key, fallback, TargetMessages::settingNotNumber);
    }

    /** The same, refused with the sentence {@code notANumber} makes of the key (a target type's own wording). */
    public int integer(String key, int fallback, Function<String, String> notANumber) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(notANumber.apply(key), e);
        }
    }

    @Override
    public String toString() {
        // settings may hold a password; never print them
        return "TargetSpec[" + name + ", " + type + "]";
    }
}
