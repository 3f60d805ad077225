package dev.caretaker.target.redis;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Celery on Kombu's Redis transport. Each queue is a list the producer LPUSHes to and workers BRPOP from, so the
 * oldest job is at the right; priorities 3, 6 and 9 live in sibling lists named {@code queue + "\x06\x16" + n}.
 * Every item is Kombu's JSON envelope, {@code {"body": base64, "headers": {"task", "id", "retries", "eta", …},
 * "properties": {"correlation_id", "body_encoding": "base64", "delivery_tag", …}}}, with the task's arguments in the
 * body (protocol 2: {@code [args, kwargs, embed]}) and their repr in {@code argsrepr} / {@code kwargsrepr}: neither
 * is ever read. A protocol 1 message keeps {@code task} and {@code id} in the body instead.
 * The messages carry no enqueue time, so a job's age is the time since Caretaker first saw it ({@link FirstSeen}).
 * Failed tasks are the {@code celery-task-meta-<id>} results with status FAILURE in the result backend, when that
 * is a redis target ({@code backend}).
 */
final class CeleryFormat implements QueueFormat {

    /** Kombu's separator between a queue's name and its priority. */
    static final String PRIORITY_SEPARATOR = "\u0006\u0016";
    /** Kombu's default priority steps; 0 is the queue's own list and is consumed first. */
    static final int[] PRIORITIES = {0, 3, 6, 9};
    static final String RESULT_PREFIX = "celery-task-meta-";
    /** How much of a stored result is read to find its status. */
    private static final int HEAD_BYTES = 64;
    private static final java.util.regex.Pattern STATUS = java.util.regex.Pattern.compile("\"status\":\\s*\"([A-Z_]+)\"");
    /** Reads the length and unlinks a list in one step, so the count is exactly what was removed. */
    private static final String PURGE = "local n = redis.call('LLEN', KEYS[1]) redis.call('UNLINK', KEYS[1]) return n";

    private final String target;
    private final RedisTarget broker;
    private final Optional<RedisTarget> backend;
    private final FirstSeen firstSeen;
    private final ObjectMapper json;
    private final Clock clock;

    CeleryFormat(String target, RedisTarget broker, Optional<RedisTarget> backend, FirstSeen firstSeen,
                 ObjectMapper json, Clock clock) {
        this.target = target;
        this.broker = broker;
        this.backend = backend;
        this.firstSeen = firstSeen;
        this.json = json;
        this.clock = clock;
    }

    /** Kombu's envelope: only the fields Caretaker reads. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Envelope(String body, Map<String, Object> headers, Properties properties) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Properties(@JsonProperty("correlation_id") String correlationId,
                      @JsonProperty("body_encoding") String bodyEncoding) {
    }

    /** A result in the backend: only its status. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Result(String status) {
    }

    /** What Caretaker reads of one message: its id (a hash of the bytes when it has none) and task name. */
    record Message(String id, String task) {
    }

    static List<String> keys(String queue) {
        List<String> keys = new ArrayList<>();
        for (int p : PRIORITIES) {
            keys.add(p == 0 ? queue : queue + PRIORITY_SEPARATOR + p);
        }
        return keys;
    }

    @Override
    public List<String> discover() {
        return List.of("celery");
    }

    @Override
    public long length(String queue) throws RedisException {
        long n = 0;
        for (String key : keys(queue)) {
            n += broker.call(c -> c.llen(RedisTarget.bytes(key)));
        }
        return n;
    }

    @Override
    public QueueTarget.QueueStats stats(String queue, Instant now) throws RedisException {
        long length = length(queue);
        List<Message> oldest = window(queue, QueueTarget.WINDOW);
        Map<String, Instant> seen = firstSeen.observe(target, queue, oldest.stream().map(Message::id).toList(), now);
        Optional<QueueTarget.Waiting> age = seen.values().stream().min(Instant::compareTo)
                .map(first -> new QueueTarget.Waiting(Duration.between(first, now), true));
        return new QueueTarget.QueueStats(queue, length, length == 0 ? Optional.empty() : age, OptionalLong.empty(),
                OptionalLong.empty());
    }

    @Override
    public List<QueueTarget.Job> peek(String queue, int limit, Instant now) throws RedisException {
        List<Message> next = window(queue, Math.max(limit, QueueTarget.WINDOW));
        Map<String, Instant> seen = firstSeen.observe(target, queue, next.stream().map(Message::id).toList(), now);
        List<QueueTarget.Job> out = new ArrayList<>();
        for (Message m : next.subList(0, Math.min(limit, next.size()))) {
            out.add(new QueueTarget.Job(m.id(), m.task(), Optional.ofNullable(seen.get(m.id()))
                    .map(first -> new QueueTarget.Waiting(Duration.between(first, now), true))));
        }
        return out;
    }

    /**
     * Up to {@code limit} of the next jobs to run, in the order workers take them: the queue's own list first, then
     * priorities 3, 6, 9; within a list from the right (oldest) end.
     */
    private List<Message> window(String queue, int limit) throws RedisException {
        List<Message> out = new ArrayList<>();
        for (String key : keys(queue)) {
            int want = limit - out.size();
            if (want <= 0) {
                break;
            }
            // an empty priority list is not read again: every read of a missing key is a miss in the broker's stats
            if (broker.call(c -> c.llen(RedisTarget.bytes(key))) == 0) {
                continue;
            }
            List<byte[]> items = broker.call(c -> c.lrange(RedisTarget.bytes(key), -want, -1));
            for (int i = items.size() - 1; i >= 0; i--) {
                out.add(read(items.get(i)));
            }
        }
        return out;
    }

    /** Reads id and task name from the envelope's headers (protocol 2) or its body (protocol 1); never the args. */
    Message read(byte[] item) {
        try {
            Envelope e = json.readValue(item, Envelope.class);
            Map<String, Object> headers = e.headers() == null ? Map.of() : e.headers();
            String id = string(headers.get("id"));
            String task = string(headers.get("task"));
            if ((id == null || task == null) && e.body() != null && e.properties() != null
                    && "base64".equals(e.properties().bodyEncoding())) {
                Map<?, ?> body = protocolOneBody(e.body());
                id = id != null ? id : string(body.get("id"));
                task = task != null ? task : string(body.get("task"));
            }
            if (id == null && e.properties() != null) {
                id = e.properties().correlationId();
            }
            return new Message(id != null ? id : ListFormat.identity(item), task != null ? task : "?");
        } catch (IOException | RuntimeException e) {
            return new Message(ListFormat.identity(item), "?");
        }
    }

    private Map<?, ?> protocolOneBody(String base64) throws IOException {
        byte[] decoded = Base64.getDecoder().decode(base64);
        Object body = json.readValue(decoded, Object.class);
        // protocol 2 bodies are [args, kwargs, embed]: a list, and not looked into
        return body instanceof Map<?, ?> m ? m : Map.of();
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }

    @Override
    public long purge(String queue) throws RedisException {
        long n = 0;
        for (String key : keys(queue)) {
            Long removed = broker.call(c -> c.eval(PURGE, ScriptOutputType.INTEGER, RedisTarget.bytes(key)));
            n += removed == null ? 0 : removed;
        }
        return n;
    }

    @Override
    public Optional<QueueTarget.Failed> failed(List<QueueTarget.QueueStats> stats, Instant until) throws RedisException {
        if (backend.isEmpty()) {
            return Optional.empty();
        }
        RedisTarget results = backend.get();
        ScanCursor cursor = ScanCursor.INITIAL;
        long failed = 0;
        while (true) {
            RedisTarget.ScanStep step = results.scan(cursor, RESULT_PREFIX + "*", results.settings().scanCount());
            List<byte[]> heads = results.heads(step.keys(), HEAD_BYTES);
            for (int i = 0; i < heads.size(); i++) {
                if (isFailure(results, step.keys().get(i), heads.get(i))) {
                    failed++;
                }
            }
            if (step.finished()) {
                return Optional.of(new QueueTarget.Failed(failed, true));
            }
            if (!clock.instant().isBefore(until)) {
                return Optional.of(new QueueTarget.Failed(failed, false));
            }
            cursor = step.next();
        }
    }

    /**
     * Whether a stored result is a FAILURE. Celery writes {@code status} first, so the head of the value says it
     * without fetching the traceback; a value whose head has no status (another serializer or key order) is read whole.
     */
    private boolean isFailure(RedisTarget results, byte[] key, byte[] head) throws RedisException {
        java.util.regex.Matcher m = STATUS.matcher(RedisTarget.text(head));
        if (m.find()) {
            return m.group(1).equals("FAILURE");
        }
        if (head.length == 0) {
            return false;
        }
        byte[] whole = results.call(c -> c.get(key));
        try {
            return whole != null && "FAILURE".equals(json.readValue(whole, Result.class).status());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
