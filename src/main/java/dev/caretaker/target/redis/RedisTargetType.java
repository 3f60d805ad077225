package dev.caretaker.target.redis;

import dev.caretaker.target.TargetSpec;
import dev.caretaker.target.TargetType;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks the settings of {@code type: redis} targets at boot: a usable {@code uri}, timeouts, no unknown keys. */
@Singleton
public final class RedisTargetType implements TargetType {

    @Override
    public String type() {
        return "redis";
    }

    @Override
    public List<String> problems(TargetSpec spec, Map<String, TargetSpec> all) {
        List<String> problems = new ArrayList<>(unknown("redis", spec, RedisSettings.KEYS, RedisSettings.PROBE_KEYS));
        // `url` instead of `uri` gets its own phrase from the settings below, not a second one here
        problems.removeIf(p -> p.contains("`url`"));
        try {
            RedisSettings.from(spec);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    /** Settings no key of the type reads (a typo would otherwise be ignored silently), one phrase each. */
    static List<String> unknown(String type, TargetSpec spec, List<String> keys, List<String> probeKeys) {
        List<String> known = new ArrayList<>(keys);
        known.addAll(probeKeys);
        List<String> problems = new ArrayList<>();
        for (String key : spec.settings().keySet()) {
            // lists also arrive flattened (queues[0]); the whole list is checked under its own name
            String base = key.replaceAll("\\[\\d+]$", "");
            if (!known.contains(base)) {
                problems.add(RedisMessages.unknownSetting(type, key, known.subList(1, known.size())));
            }
        }
        return problems;
    }
}
