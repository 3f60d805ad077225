package dev.caretaker.digest.check;

import dev.caretaker.digest.ChecklistCheck;
import dev.caretaker.digest.Evidence;
import dev.caretaker.probe.ProbeSettings;
import dev.caretaker.target.Targets;
import dev.caretaker.target.redis.RedisException;
import dev.caretaker.target.redis.RedisInfo;
import dev.caretaker.target.redis.RedisTarget;
import dev.caretaker.target.redis.RedisTargets;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * {@code redis-healthy}: the weekly "Check Redis memory, cache hit rate and evictions", done by Caretaker. Every redis
 * target answers, uses less memory than its {@code memory-warn} level (80 %), finds at least {@code hit-rate-warn}
 * (80 %) of the keys it is asked for since it started (when it was asked at least 1,000 times), and evicted fewer than {@code evictions-warn} (100) keys per
 * minute on average since it started.
 */
@Singleton
public final class RedisHealthyCheck implements ChecklistCheck {

    /** Reads since the server started below which its hit rate is not judged. */
    static final long MIN_READS = 1000;

    private final RedisTargets redis;
    private final Targets targets;

    public RedisHealthyCheck(RedisTargets redis, Targets targets) {
        this.redis = redis;
        this.targets = targets;
    }

    @Override
    public String kind() {
        return "redis-healthy";
    }

    @Override
    public Evidence check() {
        if (redis.redisNames().isEmpty()) {
            return Evidence.unknown(RedisCheckMessages.noRedis());
        }
        List<String> problems = new ArrayList<>();
        List<String> summaries = new ArrayList<>();
        for (String name : redis.redisNames()) {
            RedisTarget target = redis.redis(name).orElseThrow();
            ProbeSettings levels = new ProbeSettings(targets.spec(name).orElseThrow());
            RedisInfo i;
            try {
                i = target.info();
            } catch (RedisException e) {
                problems.add(RedisCheckMessages.unreachable(e.sentence(target.settings())));
                continue;
            }
            double memoryWarn = levels.number("memory-warn", 80.0);
            double hitRateWarn = levels.number("hit-rate-warn", 80.0);
            double evictionsWarn = levels.number("evictions-warn", 100.0);
            OptionalDouble memory = i.memoryUsedPercent();
            if (memory.isPresent() && memory.getAsDouble() > memoryWarn) {
                problems.add(RedisCheckMessages.memoryHigh(name, memory.getAsDouble(), memoryWarn));
            }
            // too few reads say nothing: a quiet server, or a broker whose only reads are Caretaker's own
            OptionalDouble hits = i.hits() + i.misses() < MIN_READS ? OptionalDouble.empty() : i.hitRate();
            if (hits.isPresent() && hits.getAsDouble() * 100 < hitRateWarn) {
                problems.add(RedisCheckMessages.hitRateLow(name, hits.getAsDouble() * 100, hitRateWarn));
            }
            double minutes = Math.max(1, i.uptime().toSeconds() / 60.0);
            double evictedPerMinute = i.evictedKeys() / minutes;
            if (evictedPerMinute > evictionsWarn) {
                problems.add(RedisCheckMessages.evicting(name, evictedPerMinute, evictionsWarn));
            }
            summaries.add(RedisCheckMessages.summary(name, memory.isPresent()
                    ? RedisCheckMessages.percent(memory.getAsDouble()) : RedisCheckMessages.none(),
                    hits.isPresent() ? RedisCheckMessages.percent(hits.getAsDouble() * 100) : RedisCheckMessages.none(),
                    i.evictedKeys()));
        }
        return problems.isEmpty() ? Evidence.passed(RedisCheckMessages.healthy(summaries))
                : Evidence.failed(RedisCheckMessages.unhealthy(problems));
    }
}
