package dev.caretaker.target.redis;

import dev.caretaker.target.TargetSpec;
import dev.caretaker.target.TargetType;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks the settings of {@code type: queue} targets at boot: a redis {@code broker}, a known {@code kind}. */
@Singleton
public final class QueueTargetType implements TargetType {

    @Override
    public String type() {
        return "queue";
    }

    @Override
    public List<String> problems(TargetSpec spec, Map<String, TargetSpec> all) {
        List<String> problems = new ArrayList<>(RedisTargetType.unknown("queue", spec, QueueSettings.KEYS,
                QueueSettings.PROBE_KEYS));
        try {
            QueueSettings.from(spec, all);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }
}
