package dev.caretaker.target.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The client of one {@code queue} target: per queue, how many jobs wait, how long the oldest has waited, how many
 * failed; the next jobs to run (task names only, never their arguments); and emptying a queue. The jobs' own format
 * ({@link QueueKind}) is read by one {@link QueueFormat} each.
 */
public final class QueueTarget {

    /** How many of the oldest jobs of a queue are looked at for the waiting age. */
    public static final int WINDOW = 100;

    private final String name;
    private final QueueSettings settings;
    private final RedisTarget broker;
    private final QueueFormat format;
    private final Clock clock;

    QueueTarget(String name, QueueSettings settings, RedisTarget broker, QueueFormat format, Clock clock) {
        this.name = name;
        this.settings = settings;
        this.broker = broker;
        this.format = format;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    public QueueSettings settings() {
        return settings;
    }

    public RedisTarget broker() {
        return broker;
    }

    /** How long a job has waited; {@code atLeast} when Caretaker knows only when it first saw it. */
    public record Waiting(Duration age, boolean atLeast) {
    }

    /**
     * One queue: jobs waiting, the oldest's wait, jobs failed (where the framework keeps them per queue, RQ) and
     * jobs running (RQ's started registry).
     */
    public record QueueStats(String queue, long length, Optional<Waiting> oldest, OptionalLong failed,
                             OptionalLong running) {
    }

    /** A job as {@code queue peek} shows it: its id, its task's name and how long it has waited. */
    public record Job(String id, String task, Optional<Waiting> age) {
    }

    /**
     * Failed jobs of the whole target: RQ's failed registries summed, or Celery's FAILURE results in the backend;
     * {@code complete} is false when counting stopped at its time limit (then it is a lower bound).
     */
    public record Failed(long count, boolean complete) {
    }

    /** Every watched queue of the target, and its failed jobs where the framework records them. */
    public record Report(String target, QueueKind kind, List<QueueStats> queues, Optional<Failed> failed) {
    }

    /** The watched queues: {@code queues} from config, else what the framework registered (RQ) or its default. */
    public List<String> queues() throws RedisException {
        return settings.queues().isEmpty() ? format.discover() : settings.queues();
    }

    /** Every queue's figures; counting failed Celery results stops at {@code until}. */
    public Report report(Instant until) throws RedisException {
        Instant now = clock.instant();
        List<QueueStats> stats = new ArrayList<>();
        for (String q : queues()) {
            stats.add(format.stats(q, now));
        }
        return new Report(name, settings.kind(), stats, format.failed(stats, until));
    }

    /** One queue's figures. */
    public QueueStats stats(String queue) throws RedisException {
        return format.stats(queue, clock.instant());
    }

    /** The next {@code limit} jobs to run, first first. */
    public List<Job> peek(String queue, int limit) throws RedisException {
        return format.peek(queue, limit, clock.instant());
    }

    /** Jobs waiting in a queue now. */
    public long length(String queue) throws RedisException {
        return format.length(queue);
    }

    /** Removes every waiting job of a queue (running and failed jobs stay); answers how many were removed. */
    public long purge(String queue) throws RedisException {
        return format.purge(queue);
    }

    /** Whether a queue name is one this target watches (or, with none configured, one the framework knows). */
    public boolean knows(String queue) throws RedisException {
        return queues().contains(queue);
    }
}
