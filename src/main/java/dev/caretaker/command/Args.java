package dev.caretaker.command;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The typed values of one invocation's arguments, after defaults were applied. */
public final class Args {

    private final Map<String, Object> values;

    public Args(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Args none() {
        return new Args(Map.of());
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Optional<String> string(String name) {
        Object v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(v.toString());
    }

    public Optional<Long> integer(String name) {
        return Optional.ofNullable((Long) values.get(name));
    }

    public Optional<Duration> duration(String name) {
        return Optional.ofNullable((Duration) values.get(name));
    }

    public boolean bool(String name) {
        return Boolean.TRUE.equals(values.get(name));
    }

    /** The value as users typed it back: durations as {@code 15m}, everything else as text. */
    public String display(String name) {
        Object v = values.get(name);
        if (v instanceof Duration d) {
            return Durations.format(d);
        }
        return v == null ? "" : v.toString();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (String k : values.keySet()) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(k).append('=').append(display(k));
        }
        return out.toString();
    }
}
