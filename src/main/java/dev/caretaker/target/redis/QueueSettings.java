package dev.caretaker.target.redis;

import dev.caretaker.target.TargetSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of one {@code queue} target: the redis target that holds it ({@code broker}), how the jobs are kept
 * ({@code kind}), which queues to watch ({@code queues}; Celery's default is {@code celery}, RQ's every queue it
 * registered), Celery's result backend when it is a redis target too ({@code backend}), and for plain lists which end
 * is the oldest ({@code oldest: right}, as LPUSH / BRPOP leave it, or {@code left}).
 */
public record QueueSettings(String broker, QueueKind kind, List<String> queues, Optional<String> backend,
                            boolean oldestOnTheRight) {

    static final List<String> KEYS = List.of("type", "broker", "kind", "queues", "backend", "oldest");
    static final List<String> PROBE_KEYS = List.of("interval", "timeout", "failures", "recoveries", "for",
            "length-warn", "length-critical", "wait-warn", "wait-critical", "failed-warn", "failed-critical");

    public QueueSettings {
        queues = List.copyOf(queues);
    }

    /**
     * Reads the settings of a {@code queue} target; {@code all} is every target, to check that {@code broker} and
     * {@code backend} name redis targets.
     *
     * @throws IllegalArgumentException with a phrase naming the bad key
     */
    public static QueueSettings from(TargetSpec spec, Map<String, TargetSpec> all) {
        String broker = spec.string("broker").orElseThrow(() -> new IllegalArgumentException(RedisMessages.brokerMissing()));
        if (!isRedis(all, broker)) {
            throw new IllegalArgumentException(RedisMessages.brokerNotRedis(broker));
        }
        QueueKind kind = spec.string("kind").flatMap(QueueKind::fromId)
                .orElseThrow(() -> new IllegalArgumentException(RedisMessages.kindUnknown()));
        List<String> queues = queues(spec.settings().get("queues"));
        if (kind == QueueKind.LIST && queues.isEmpty()) {
            throw new IllegalArgumentException(RedisMessages.listNeedsQueues());
        }
        Optional<String> backend = spec.string("backend");
        if (backend.isPresent() && !isRedis(all, backend.get())) {
            throw new IllegalArgumentException(RedisMessages.backendNotRedis(backend.get()));
        }
        String oldest = spec.string("oldest").orElse("right");
        if (!oldest.equals("right") && !oldest.equals("left")) {
            throw new IllegalArgumentException(RedisMessages.oldestEnd());
        }
        return new QueueSettings(broker, kind, queues, backend, oldest.equals("right"));
    }

    private static boolean isRedis(Map<String, TargetSpec> all, String name) {
        TargetSpec t = all.get(name);
        return t != null && t.type().equals("redis");
    }

    private static List<String> queues(Object raw) {
        List<String> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        List<?> items = raw instanceof List<?> l ? l : List.of((Object[]) raw.toString().split(","));
        for (Object o : items) {
            String q = o == null ? "" : o.toString().strip();
            if (q.isEmpty()) {
                throw new IllegalArgumentException(RedisMessages.queueNameBlank());
            }
            out.add(q);
        }
        return out;
    }
}
