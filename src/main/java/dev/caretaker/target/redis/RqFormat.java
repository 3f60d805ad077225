package dev.caretaker.target.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * RQ. A queue is the list {@code rq:queue:<name>} of job ids (RPUSHed, workers LPOP, so the oldest is at the left);
 * each job is the hash {@code rq:job:<id>} with {@code created_at}, {@code enqueued_at} (UTC,
 * {@code 2024-05-01T09:30:00.123456Z}), {@code description} (the call with its arguments, of which only the function
 * name is shown) and {@code data} (a zlib-compressed pickle, never read). Queues register in the set
 * {@code rq:queues}; running and failed jobs are the sorted sets {@code rq:wip:<name>} and {@code rq:failed:<name>}
 * scored by expiry (a failed job whose score has passed is gone as far as RQ is concerned).
 */
final class RqFormat implements QueueFormat {

    static final String QUEUES = "rq:queues";
    static final String QUEUE_PREFIX = "rq:queue:";
    static final String JOB_PREFIX = "rq:job:";
    /** Pops up to ARGV[1] job ids and deletes their hashes, as RQ's own empty() does, in short steps. */
    private static final String EMPTY_SOME = """
            local n = 0
            while n < tonumber(ARGV[1]) do
              local id = redis.call('LPOP', KEYS[1])
              if id == false then break end
              redis.call('UNLINK', ARGV[2] .. id, ARGV[2] .. id .. ':dependents')
              n = n + 1
            end
            return n""";

    private final RedisTarget broker;

    RqFormat(RedisTarget broker) {
        this.broker = broker;
    }

    private static byte[] queueKey(String queue) {
        return RedisTarget.bytes(QUEUE_PREFIX + queue);
    }

    @Override
    public List<String> discover() throws RedisException {
        Set<byte[]> keys = broker.call(c -> c.smembers(RedisTarget.bytes(QUEUES)));
        Set<String> out = new TreeSet<>();
        for (byte[] k : keys) {
            String key = RedisTarget.text(k);
            if (key.startsWith(QUEUE_PREFIX)) {
                out.add(key.substring(QUEUE_PREFIX.length()));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public long length(String queue) throws RedisException {
        return broker.call(c -> c.llen(queueKey(queue)));
    }

    @Override
    public QueueTarget.QueueStats stats(String queue, Instant now) throws RedisException {
        long length = length(queue);
        Optional<QueueTarget.Waiting> oldest = Optional.empty();
        for (JobHash job : jobs(queue, QueueTarget.WINDOW)) {
            Optional<Instant> since = job.enqueuedAt();
            if (since.isPresent() && (oldest.isEmpty() || Duration.between(since.get(), now).compareTo(oldest.get().age()) > 0)) {
                oldest = Optional.of(new QueueTarget.Waiting(Duration.between(since.get(), now), false));
            }
        }
        double epoch = now.getEpochSecond();
        Long failed = broker.call(c -> c.zcount(RedisTarget.bytes("rq:failed:" + queue),
                Range.create(epoch, Double.POSITIVE_INFINITY)));
        Long running = broker.call(c -> c.zcard(RedisTarget.bytes("rq:wip:" + queue)));
        return new QueueTarget.QueueStats(queue, length, oldest, OptionalLong.of(failed == null ? 0 : failed),
                OptionalLong.of(running == null ? 0 : running));
    }

    @Override
    public List<QueueTarget.Job> peek(String queue, int limit, Instant now) throws RedisException {
        List<QueueTarget.Job> out = new ArrayList<>();
        for (JobHash job : jobs(queue, limit)) {
            out.add(new QueueTarget.Job(job.id(), function(job.description()), job.enqueuedAt()
                    .map(t -> new QueueTarget.Waiting(Duration.between(t, now), false))));
        }
        return out;
    }

    /** What Caretaker reads of a job hash. */
    record JobHash(String id, String description, Optional<Instant> enqueuedAt) {
    }

    /** The first {@code limit} jobs of a queue (next to run first) with the fields Caretaker reads. */
    private List<JobHash> jobs(String queue, int limit) throws RedisException {
        List<byte[]> ids = broker.call(c -> c.lrange(queueKey(queue), 0, limit - 1L));
        List<JobHash> out = new ArrayList<>();
        for (byte[] id : ids) {
            String jobId = RedisTarget.text(id);
            List<KeyValue<byte[], byte[]>> fields = broker.call(c -> c.hmget(RedisTarget.bytes(JOB_PREFIX + jobId),
                    RedisTarget.bytes("description"), RedisTarget.bytes("enqueued_at"), RedisTarget.bytes("created_at")));
            String description = value(fields, 0);
            Optional<Instant> at = time(value(fields, 1)).or(() -> time(value(fields, 2)));
            out.add(new JobHash(jobId, description, at));
        }
        return out;
    }

    private static String value(List<KeyValue<byte[], byte[]>> fields, int i) {
        return i < fields.size() && fields.get(i).hasValue() ? RedisTarget.text(fields.get(i).getValue()) : null;
    }

    /** RQ's timestamps ({@code %Y-%m-%dT%H:%M:%S.%fZ}, older jobs without the fraction) are ISO-8601 instants. */
    static Optional<Instant> time(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code app.tasks.send_email('a@b.c', retry=True)} → {@code app.tasks.send_email}: the arguments stay hidden. */
    static String function(String description) {
        if (description == null || description.isBlank()) {
            return "?";
        }
        int paren = description.indexOf('(');
        return (paren < 0 ? description : description.substring(0, paren)).strip();
    }

    @Override
    public long purge(String queue) throws RedisException {
        long total = 0;
        while (true) {
            Long n = broker.call(c -> c.eval(EMPTY_SOME, ScriptOutputType.INTEGER, new byte[][] {queueKey(queue)},
                    RedisTarget.bytes(String.valueOf(broker.settings().scanCount())), RedisTarget.bytes(JOB_PREFIX)));
            if (n == null || n == 0) {
                return total;
            }
            total += n;
        }
    }

    @Override
    public Optional<QueueTarget.Failed> failed(List<QueueTarget.QueueStats> stats, Instant until) {
        return Optional.of(new QueueTarget.Failed(stats.stream().mapToLong(s -> s.failed().orElse(0)).sum(), true));
    }
}
