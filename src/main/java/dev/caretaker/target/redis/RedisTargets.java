package dev.caretaker.target.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.target.TargetSpec;
import dev.caretaker.target.Targets;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clients of the configured {@code redis} and {@code queue} targets, created on first use (a target that is down
 * at boot does not stop Caretaker; it becomes a one-sentence error when used). All of them share one set of Lettuce
 * event loops, created when the first one is.
 */
@Singleton
public final class RedisTargets implements AutoCloseable {

    private final Targets targets;
    private final Clock clock;
    private final FirstSeen firstSeen;
    private final ObjectMapper json;
    private final Map<String, RedisTarget> redis = new ConcurrentHashMap<>();
    private final Map<String, QueueTarget> queues = new ConcurrentHashMap<>();
    private ClientResources resources;

    public RedisTargets(Targets targets, Clock clock, FirstSeen firstSeen, ObjectMapper json) {
        this.targets = targets;
        this.clock = clock;
        this.firstSeen = firstSeen;
        this.json = json;
    }

    public Set<String> redisNames() {
        return targets.names("redis");
    }

    public Set<String> queueNames() {
        return targets.names("queue");
    }

    /** The only target of a type, when there is exactly one. */
    public Optional<String> only(String type) {
        return targets.only(type);
    }

    /** The client of a redis target; empty when no redis target has that name. */
    public Optional<RedisTarget> redis(String name) {
        Optional<TargetSpec> spec = targets.spec(name).filter(s -> s.type().equals("redis"));
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        // settings were checked at boot (RedisTargetType), so reading them again cannot fail
        return Optional.of(redis.computeIfAbsent(name, n -> new RedisTarget(n, RedisSettings.from(spec.get()),
                resources(), clock)));
    }

    /** The client of a queue target; empty when no queue target has that name. */
    public Optional<QueueTarget> queue(String name) {
        Optional<TargetSpec> spec = targets.spec(name).filter(s -> s.type().equals("queue"));
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(queues.computeIfAbsent(name, n -> {
            Map<String, TargetSpec> all = new HashMap<>();
            targets.names(null).forEach(t -> all.put(t, targets.spec(t).orElseThrow()));
            QueueSettings s = QueueSettings.from(spec.get(), all);
            return queue(n, s, redis(s.broker()).orElseThrow(), s.backend().flatMap(this::redis), firstSeen, json, clock);
        }));
    }

    private synchronized ClientResources resources() {
        if (resources == null) {
            resources = DefaultClientResources.create();
        }
        return resources;
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        redis.values().forEach(RedisTarget::close);
        redis.clear();
        queues.clear();
        if (resources != null) {
            resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
            resources = null;
        }
    }

    /** A queue client on a given broker (and Celery result backend); tests build one without configuration. */
    public static QueueTarget queue(String name, QueueSettings settings, RedisTarget broker,
                                    Optional<RedisTarget> backend, FirstSeen firstSeen, ObjectMapper json, Clock clock) {
        QueueFormat format = switch (settings.kind()) {
            case CELERY -> new CeleryFormat(name, broker, backend, firstSeen, json, clock);
            case RQ -> new RqFormat(broker);
            case LIST -> new ListFormat(name, broker, firstSeen, settings.oldestOnTheRight());
        };
        return new QueueTarget(name, settings, broker, format, clock);
    }
}
