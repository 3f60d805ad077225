package dev.caretaker.probe.redis;

import dev.caretaker.probe.Probe;
import dev.caretaker.probe.ProbeKind;
import dev.caretaker.probe.ProbeSettings;
import dev.caretaker.probe.Thresholds;
import dev.caretaker.target.redis.RedisTargets;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The probe kinds of {@code redis} and {@code queue} targets, with the levels each takes from the target's settings:
 * {@code warn} / {@code critical} (PING ms), {@code memory-warn} / {@code -critical} (%), {@code hit-rate-warn} /
 * {@code -critical} (%, lower is worse), {@code evictions-warn} / {@code -critical} (per minute); {@code length-warn}
 * / {@code -critical} (jobs), {@code wait-warn} / {@code -critical} (a duration), {@code failed-warn} /
 * {@code -critical} (jobs).
 */
@Factory
class RedisProbeKinds {

    /** A kind from its type and how it builds the probes of one target. */
    private record Kind(String type, Builder builder) implements ProbeKind {

        @FunctionalInterface
        interface Builder {
            List<Probe> probes(ProbeSettings s, Duration interval, Duration timeout);
        }

        @Override
        public List<Probe> probes(ProbeSettings settings, Duration interval, Duration timeout) {
            return builder.probes(settings, interval, timeout);
        }
    }

    @Singleton
    @Named("redis")
    ProbeKind redis(RedisTargets targets, Clock clock) {
        return new Kind("redis", (s, interval, timeout) -> targets.redis(s.spec().name())
                .map(r -> RedisProbes.of(r, interval, timeout, clock,
                        s.thresholds(RedisProbes.PING.warn(), RedisProbes.PING.critical(), false),
                        levels(s, "memory", RedisProbes.MEMORY),
                        levels(s, "hit-rate", RedisProbes.HIT_RATE),
                        levels(s, "evictions", RedisProbes.EVICTIONS)))
                .orElse(List.of()));
    }

    @Singleton
    @Named("queue")
    ProbeKind queue(RedisTargets targets, Clock clock) {
        return new Kind("queue", (s, interval, timeout) -> targets.queue(s.spec().name())
                .map(q -> QueueProbes.of(q, interval, timeout, clock, levels(s, "length", QueueProbes.LENGTH),
                        new Thresholds(seconds(s, "wait-warn", QueueProbes.WAIT.warn()),
                                seconds(s, "wait-critical", QueueProbes.WAIT.critical()), false),
                        levels(s, "failed", QueueProbes.FAILED)))
                .orElse(List.of()));
    }

    private static Thresholds levels(ProbeSettings s, String prefix, Thresholds defaults) {
        return new Thresholds(s.number(prefix + "-warn", defaults.warn()), s.number(prefix + "-critical",
                defaults.critical()), defaults.lowerIsWorse());
    }

    private static Double seconds(ProbeSettings s, String key, Double fallback) {
        return s.string(key).isEmpty() ? fallback : (double) s.duration(key, Duration.ZERO).toSeconds();
    }
}
