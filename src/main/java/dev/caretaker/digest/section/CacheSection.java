package dev.caretaker.digest.section;

import dev.caretaker.digest.DigestContext;
import dev.caretaker.digest.DigestFormat;
import dev.caretaker.digest.DigestSection;
import dev.caretaker.digest.Section;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.reply.Block;
import dev.caretaker.target.redis.QueueTarget;
import dev.caretaker.target.redis.RedisException;
import dev.caretaker.target.redis.RedisInfo;
import dev.caretaker.target.redis.RedisTarget;
import dev.caretaker.target.redis.RedisTargets;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code cache}, "Cache and queues": per redis target its memory, hit rate since start and lately, evicted keys and
 * keys; per queue target and queue, jobs waiting, the oldest wait and failed jobs. The "lately" figures are the
 * digest's fresh probe results; warnings and criticals are those of the Redis and queue probes.
 */
@Singleton
public final class CacheSection implements DigestSection {

    /** The longest the section spends counting Celery's failed results per queue target. */
    static final Duration COUNT_FAILED = Duration.ofSeconds(5);

    private final RedisTargets targets;

    public CacheSection(RedisTargets targets) {
        this.targets = targets;
    }

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public int order() {
        return 35;
    }

    @Override
    public Section render(DigestContext context) {
        if (targets.redisNames().isEmpty() && targets.queueNames().isEmpty()) {
            return Section.EMPTY;
        }
        List<Block> blocks = new ArrayList<>();
        List<Block> notes = new ArrayList<>();
        blocks.add(new Block.Text(CacheSectionMessages.heading(targets.redisNames().size(), targets.queueNames().size())));
        List<List<String>> caches = new ArrayList<>();
        for (String name : targets.redisNames()) {
            RedisTarget redis = targets.redis(name).orElseThrow();
            try {
                caches.add(row(redis.info(), name, context));
            } catch (RedisException e) {
                notes.add(new Block.Text(CacheSectionMessages.unreadable(e.sentence(redis.settings()))));
            }
        }
        if (!caches.isEmpty()) {
            blocks.add(new Block.Table(List.of(CacheSectionMessages.TARGET, CacheSectionMessages.MEMORY,
                    CacheSectionMessages.HIT_RATE, CacheSectionMessages.HIT_RATE_NOW, CacheSectionMessages.EVICTED,
                    CacheSectionMessages.KEYS), caches));
        }
        List<List<String>> queues = new ArrayList<>();
        for (String name : targets.queueNames()) {
            QueueTarget q = targets.queue(name).orElseThrow();
            try {
                QueueTarget.Report report = q.report(context.now().plus(COUNT_FAILED));
                for (QueueTarget.QueueStats s : report.queues()) {
                    queues.add(List.of(name, s.queue(), CacheSectionMessages.count(s.length()),
                            s.oldest().map(CacheSectionMessages::waited).orElse(CacheSectionMessages.NONE),
                            s.failed().isPresent() ? CacheSectionMessages.count(s.failed().getAsLong())
                                    : report.failed().map(CacheSectionMessages::failed).orElse(CacheSectionMessages.NONE)));
                }
            } catch (RedisException e) {
                notes.add(new Block.Text(CacheSectionMessages.unreadable(
                        e.sentence(targets.redis(e.target()).orElseThrow().settings()))));
            }
        }
        if (!queues.isEmpty()) {
            blocks.add(new Block.Table(List.of(CacheSectionMessages.QUEUE_TARGET, CacheSectionMessages.QUEUE,
                    CacheSectionMessages.WAITING, CacheSectionMessages.OLDEST, CacheSectionMessages.FAILED), queues));
        }
        blocks.addAll(notes);
        int warnings = 0;
        int criticals = 0;
        for (ProbeResult r : context.probes()) {
            if (r.probe().startsWith("redis-") || r.probe().startsWith("queue-")) {
                warnings += r.status() == ProbeStatus.WARN ? 1 : 0;
                criticals += r.status() == ProbeStatus.CRITICAL ? 1 : 0;
            }
        }
        return new Section(blocks, warnings, criticals);
    }

    private static List<String> row(RedisInfo i, String name, DigestContext context) {
        String memory = i.maxMemory() > 0
                ? CacheSectionMessages.memory(DigestFormat.bytes(i.usedMemory()), DigestFormat.bytes(i.maxMemory()),
                i.memoryUsedPercent().orElse(0))
                : CacheSectionMessages.memoryNoLimit(DigestFormat.bytes(i.usedMemory()));
        String hitRate = i.hitRate().isPresent() ? CacheSectionMessages.percent(i.hitRate().getAsDouble())
                : CacheSectionMessages.NONE;
        String lately = probe(context, name, "redis-hit-rate").map(r -> DigestFormat.value(r.value(), r.unit()))
                .orElse(CacheSectionMessages.NONE);
        String perMinute = probe(context, name, "redis-evictions").map(r -> DigestFormat.value(r.value(), r.unit()))
                .orElse(CacheSectionMessages.NONE);
        long keys = i.keyspace().values().stream().mapToLong(RedisInfo.Keyspace::keys).sum();
        return List.of(name, memory, hitRate, lately, CacheSectionMessages.evicted(
                CacheSectionMessages.count(i.evictedKeys()), perMinute), CacheSectionMessages.count(keys));
    }

    /** The fresh result of one probe of one target, when it measured a value. */
    private static Optional<ProbeResult> probe(DigestContext context, String target, String probe) {
        return context.probes(probe).stream().filter(r -> r.target().equals(target) && r.value() != null).findFirst();
    }
}
