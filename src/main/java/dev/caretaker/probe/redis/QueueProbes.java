package dev.caretaker.probe.redis;

import dev.caretaker.probe.Probe;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.Thresholds;
import dev.caretaker.target.redis.QueueTarget;
import dev.caretaker.target.redis.RedisException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The probes of one queue target, each over all its queues so one target is one alert per figure:
 * {@code queue-length} (the longest queue), {@code queue-wait} (the oldest waiting job, in seconds) and
 * {@code queue-failed} (failed jobs where the framework records them). A broker that cannot be reached is reported by
 * its redis target's {@code redis-ping}; these then say "not measured".
 */
final class QueueProbes {

    /** Default levels: jobs waiting; seconds the oldest has waited (the runbooks' 10 minutes); failed jobs (> 10). */
    static final Thresholds LENGTH = Thresholds.above(1000.0, 10000.0);
    static final Thresholds WAIT = Thresholds.above(600.0, 1800.0);
    static final Thresholds FAILED = Thresholds.above(10.0, 100.0);

    private QueueProbes() {
    }

    static List<Probe> of(QueueTarget queues, Duration interval, Duration timeout, Clock clock,
                          Thresholds length, Thresholds wait, Thresholds failed) {
        return List.of(
                new RedisProbes.Check(queues.broker(), queues.name(), "queue-length", interval, timeout, clock, false, () -> {
                    List<QueueTarget.QueueStats> all = stats(queues);
                    if (all.isEmpty()) {
                        return RedisProbes.Measurement.note(RedisProbeMessages.noQueues());
                    }
                    QueueTarget.QueueStats longest = all.stream()
                            .max(Comparator.comparingLong(QueueTarget.QueueStats::length)).orElseThrow();
                    return RedisProbes.Measurement.judged(length, longest.length(), "",
                            RedisProbeMessages.lengthLabel(longest.queue()), RedisProbeMessages.count(longest.length()));
                }),
                new RedisProbes.Check(queues.broker(), queues.name(), "queue-wait", interval, timeout, clock, false, () -> {
                    Optional<QueueTarget.QueueStats> oldest = stats(queues).stream().filter(s -> s.oldest().isPresent())
                            .max(Comparator.comparing(s -> s.oldest().orElseThrow().age()));
                    if (oldest.isEmpty()) {
                        return new RedisProbes.Measurement(dev.caretaker.probe.ProbeStatus.OK, 0.0, "s",
                                RedisProbeMessages.nothingWaiting());
                    }
                    QueueTarget.Waiting w = oldest.get().oldest().orElseThrow();
                    return RedisProbes.Measurement.judged(wait, w.age().toSeconds(), "s",
                            RedisProbeMessages.waitLabel(oldest.get().queue(), w.atLeast()),
                            RedisProbeMessages.duration(w.age()));
                }),
                new RedisProbes.Check(queues.broker(), queues.name(), "queue-failed", interval, timeout, clock, false, () -> {
                    // counting Celery's results stops a little before the probe's own timeout
                    QueueTarget.Report report = queues.report(clock.instant().plus(timeout.multipliedBy(3).dividedBy(4)));
                    if (report.failed().isEmpty()) {
                        return RedisProbes.Measurement.note(RedisProbeMessages.failedNotRecorded());
                    }
                    QueueTarget.Failed f = report.failed().get();
                    return RedisProbes.Measurement.judged(failed, f.count(), "",
                            RedisProbeMessages.failedLabel(f.complete()), RedisProbeMessages.count(f.count()));
                }));
    }

    private static List<QueueTarget.QueueStats> stats(QueueTarget queues) throws RedisException {
        List<QueueTarget.QueueStats> out = new ArrayList<>();
        for (String q : queues.queues()) {
            out.add(queues.stats(q));
        }
        return out;
    }
}
