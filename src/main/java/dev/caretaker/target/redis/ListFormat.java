package dev.caretaker.target.redis;

import io.lettuce.core.ScriptOutputType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A plain Redis list of jobs in a format Caretaker does not know. It reads only lengths and identities: an item is
 * known by a hash of its bytes (identical items count as one) and its age is the time since Caretaker first saw it
 * ({@link FirstSeen}). The oldest end is the right (LPUSH / BRPOP) unless {@code oldest: left}.
 */
final class ListFormat implements QueueFormat {

    private static final String PURGE = "local n = redis.call('LLEN', KEYS[1]) redis.call('UNLINK', KEYS[1]) return n";

    private final String target;
    private final RedisTarget broker;
    private final FirstSeen firstSeen;
    private final boolean oldestOnTheRight;

    ListFormat(String target, RedisTarget broker, FirstSeen firstSeen, boolean oldestOnTheRight) {
        this.target = target;
        this.broker = broker;
        this.firstSeen = firstSeen;
        this.oldestOnTheRight = oldestOnTheRight;
    }

    /** An item's identity: the first 16 hex digits of the SHA-256 of its bytes. */
    static String identity(byte[] item) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(item), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public List<String> discover() {
        return List.of();
    }

    @Override
    public long length(String queue) throws RedisException {
        return broker.call(c -> c.llen(queue.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public QueueTarget.QueueStats stats(String queue, Instant now) throws RedisException {
        long length = length(queue);
        List<Item> oldest = window(queue, QueueTarget.WINDOW);
        Map<String, Instant> seen = firstSeen.observe(target, queue, oldest.stream().map(Item::id).toList(), now);
        Optional<QueueTarget.Waiting> age = seen.values().stream().min(Instant::compareTo)
                .map(first -> new QueueTarget.Waiting(Duration.between(first, now), true));
        return new QueueTarget.QueueStats(queue, length, length == 0 ? Optional.empty() : age, OptionalLong.empty(),
                OptionalLong.empty());
    }

    @Override
    public List<QueueTarget.Job> peek(String queue, int limit, Instant now) throws RedisException {
        List<Item> next = window(queue, Math.max(limit, QueueTarget.WINDOW));
        Map<String, Instant> seen = firstSeen.observe(target, queue, next.stream().map(Item::id).toList(), now);
        List<QueueTarget.Job> out = new ArrayList<>();
        for (Item item : next.subList(0, Math.min(limit, next.size()))) {
            out.add(new QueueTarget.Job(item.id(), RedisMessages.listItem(item.bytes()), Optional.ofNullable(
                    seen.get(item.id())).map(first -> new QueueTarget.Waiting(Duration.between(first, now), true))));
        }
        return out;
    }

    /** An item: its identity and size; its content is never kept. */
    record Item(String id, int bytes) {
    }

    /** Up to {@code limit} items from the oldest end, oldest first. */
    private List<Item> window(String queue, int limit) throws RedisException {
        byte[] key = queue.getBytes(StandardCharsets.UTF_8);
        List<byte[]> items = oldestOnTheRight ? broker.call(c -> c.lrange(key, -limit, -1))
                : broker.call(c -> c.lrange(key, 0, limit - 1L));
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            byte[] item = items.get(oldestOnTheRight ? items.size() - 1 - i : i);
            out.add(new Item(identity(item), item.length));
        }
        return out;
    }

    @Override
    public long purge(String queue) throws RedisException {
        Long n = broker.call(c -> c.eval(PURGE, ScriptOutputType.INTEGER, queue.getBytes(StandardCharsets.UTF_8)));
        return n == null ? 0 : n;
    }

    @Override
    public Optional<QueueTarget.Failed> failed(List<QueueTarget.QueueStats> stats, Instant until) {
        return Optional.empty();
    }
}
