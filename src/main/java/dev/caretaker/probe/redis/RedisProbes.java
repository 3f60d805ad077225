package dev.caretaker.probe.redis;

import dev.caretaker.probe.Probe;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.probe.Thresholds;
import dev.caretaker.target.redis.RedisException;
import dev.caretaker.target.redis.RedisInfo;
import dev.caretaker.target.redis.RedisTarget;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The probes of one redis target. {@code redis-ping} is the one that says the target is down (CRITICAL, with the
 * failure's sentence); the others then report "not measured" as OK, so one outage is one alert, not four.
 * {@code redis-memory} is used % of maxmemory (of the machine without one); {@code redis-hit-rate} and
 * {@code redis-evictions} are rates between this probe's previous reading and this one.
 */
final class RedisProbes {

    /** Default levels: PING in ms, memory in %, hit rate in % (lower is worse), evictions per minute. */
    static final Thresholds PING = Thresholds.above(500.0, 2000.0);
    static final Thresholds MEMORY = Thresholds.above(80.0, 90.0);
    static final Thresholds HIT_RATE = Thresholds.below(80.0, 50.0);
    static final Thresholds EVICTIONS = Thresholds.above(100.0, 1000.0);
    /**
     * Fewer reads than this between two checks say nothing about a cache: a quiet server, or a queue broker whose only
     * reads are Caretaker's own (each read of a missing key is a miss).
     */
    static final long MIN_READS = 100;

    private RedisProbes() {
    }

    /** One measurement: status, value, unit, detail. */
    record Measurement(ProbeStatus status, Double value, String unit, String detail) {

        static Measurement judged(Thresholds t, double value, String unit, String label, String shown) {
            ProbeStatus status = t.judge(value);
            return new Measurement(status, value, unit, RedisProbeMessages.measured(label, shown,
                    t.describe(status, unit)));
        }

        static Measurement note(String detail) {
            return new Measurement(ProbeStatus.OK, null, "", detail);
        }
    }

    /** Takes one measurement of the target. */
    @FunctionalInterface
    interface Measure {
        Measurement take() throws RedisException;
    }

    static List<Probe> of(RedisTarget redis, Duration interval, Duration timeout, Clock clock, Thresholds ping,
                          Thresholds memory, Thresholds hitRate, Thresholds evictions) {
        AtomicReference<RedisInfo> hitsBefore = new AtomicReference<>();
        AtomicReference<RedisInfo> evictionsBefore = new AtomicReference<>();
        return List.of(
                new Check(redis, "redis-ping", interval, timeout, clock, true, () -> {
                    double ms = Math.round(redis.ping().toNanos() / 100_000.0) / 10.0;
                    return Measurement.judged(ping, ms, "ms", RedisProbeMessages.pingLabel(redis.name()),
                            RedisProbeMessages.millis(ms));
                }),
                new Check(redis, "redis-memory", interval, timeout, clock, false, () -> {
                    RedisInfo i = redis.info();
                    OptionalDouble used = i.memoryUsedPercent();
                    if (used.isEmpty()) {
                        return Measurement.note(RedisProbeMessages.memoryUnknown());
                    }
                    double v = Math.round(used.getAsDouble() * 10) / 10.0;
                    return Measurement.judged(memory, v, "%", RedisProbeMessages.memoryLabel(i.maxMemory() == 0),
                            RedisProbeMessages.percent(v));
                }),
                new Check(redis, "redis-hit-rate", interval, timeout, clock, false, () -> {
                    RedisInfo now = redis.info();
                    RedisInfo before = hitsBefore.getAndSet(now);
                    if (before == null) {
                        return Measurement.note(RedisProbeMessages.firstReading());
                    }
                    Duration since = Duration.between(before.at(), now.at());
                    if (now.hits() < before.hits() || now.misses() < before.misses()) {
                        return Measurement.note(RedisProbeMessages.statsReset());
                    }
                    long reads = now.hits() - before.hits() + now.misses() - before.misses();
                    if (reads < MIN_READS) {
                        return Measurement.note(RedisProbeMessages.tooFewReads(reads, since));
                    }
                    OptionalDouble rate = now.hitRateSince(before);
                    double v = Math.round(rate.getAsDouble() * 1000) / 10.0;
                    return Measurement.judged(hitRate, v, "%", RedisProbeMessages.hitRateLabel(since),
                            RedisProbeMessages.percent(v));
                }),
                new Check(redis, "redis-evictions", interval, timeout, clock, false, () -> {
                    RedisInfo now = redis.info();
                    RedisInfo before = evictionsBefore.getAndSet(now);
                    if (before == null) {
                        return Measurement.note(RedisProbeMessages.firstReading());
                    }
                    OptionalDouble perMinute = now.evictionsPerMinuteSince(before);
                    if (perMinute.isEmpty()) {
                        return Measurement.note(RedisProbeMessages.statsReset());
                    }
                    double v = Math.round(perMinute.getAsDouble() * 10) / 10.0;
                    return Measurement.judged(evictions, v, "/min",
                            RedisProbeMessages.evictionsLabel(Duration.between(before.at(), now.at())),
                            RedisProbeMessages.perMinute(v));
                }));
    }

    /** One probe of the target; a failed call is CRITICAL for the reachability probe and "not measured" for others. */
    static final class Check implements Probe {
        private final RedisTarget redis;
        private final String target;
        private final String name;
        private final Duration interval;
        private final Duration timeout;
        private final Clock clock;
        private final boolean reachability;
        private final Measure measure;

        Check(RedisTarget redis, String name, Duration interval, Duration timeout, Clock clock, boolean reachability,
              Measure measure) {
            this(redis, redis.name(), name, interval, timeout, clock, reachability, measure);
        }

        /** @param redis the target's Redis (a queue target's broker), whose settings word its failures */
        Check(RedisTarget redis, String target, String name, Duration interval, Duration timeout, Clock clock,
              boolean reachability, Measure measure) {
            this.redis = redis;
            this.target = target;
            this.name = name;
            this.interval = interval;
            this.timeout = timeout;
            this.clock = clock;
            this.reachability = reachability;
            this.measure = measure;
        }

        @Override
        public String target() {
            return target;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Duration interval() {
            return interval;
        }

        @Override
        public Duration timeout() {
            return timeout;
        }

        @Override
        public ProbeResult check() {
            long start = System.nanoTime();
            Measurement m;
            try {
                m = measure.take();
            } catch (RedisException e) {
                String sentence = e.sentence(redis.settings());
                m = reachability ? new Measurement(ProbeStatus.CRITICAL, null, "", sentence)
                        : Measurement.note(RedisProbeMessages.notMeasured(sentence));
            }
            return new ProbeResult(target, name, m.status(), m.value(), m.unit(), m.detail(),
                    Duration.ofNanos(System.nanoTime() - start), clock.instant());
        }
    }
}
