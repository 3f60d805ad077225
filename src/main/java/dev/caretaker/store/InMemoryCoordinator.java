package dev.caretaker.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link Coordinator} of a single replica: the same semantics as Redis, kept in this process. */
public final class InMemoryCoordinator implements Coordinator {

    private record Entry(String value, Instant expires, long count) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryCoordinator(Clock clock) {
        this.clock = clock;
    }

    private Entry live(String key) {
        Entry e = entries.get(key);
        if (e != null && !e.expires().isAfter(clock.instant())) {
            entries.remove(key, e);
            return null;
        }
        return e;
    }

    @Override
    public boolean claim(String key, Duration ttl) {
        Instant now = clock.instant();
        boolean[] won = {false};
        entries.compute(key, (k, e) -> {
            if (e == null || !e.expires().isAfter(now)) {
                won[0] = true;
                return new Entry("1", now.plus(ttl), 0);
            }
            return e;
        });
        return won[0];
    }

    @Override
    public Optional<Duration> remaining(String key) {
        Entry e = live(key);
        return e == null ? Optional.empty() : Optional.of(Duration.between(clock.instant(), e.expires()));
    }

    @Override
    public void release(String key) {
        entries.remove(key);
    }

    @Override
    public long increment(String key, Duration window) {
        Instant now = clock.instant();
        Entry updated = entries.compute(key, (k, e) -> e == null || !e.expires().isAfter(now)
                ? new Entry("", now.plus(window), 1)
                : new Entry("", e.expires(), e.count() + 1));
        return updated.count();
    }

    @Override
    public boolean acquireLease(String name, String holder, Duration ttl) {
        Instant now = clock.instant();
        Entry e = entries.compute("lease:" + name, (k, cur) -> cur == null || !cur.expires().isAfter(now)
                || cur.value().equals(holder) ? new Entry(holder, now.plus(ttl), 0) : cur);
        return e.value().equals(holder);
    }

    @Override
    public void releaseLease(String name, String holder) {
        entries.computeIfPresent("lease:" + name, (k, cur) -> cur.value().equals(holder) ? null : cur);
    }

    @Override
    public Optional<String> leaseHolder(String name) {
        return Optional.ofNullable(live("lease:" + name)).map(Entry::value);
    }

    @Override
    public long generation(String name) {
        Entry e = entries.get("generation:" + name);
        return e == null ? 0 : e.count();
    }

    @Override
    public long advance(String name) {
        return entries.compute("generation:" + name, (k, e) -> new Entry("", Instant.MAX, e == null ? 1 : e.count() + 1))
                .count();
    }

    @Override
    public boolean ping() {
        return true;
    }

    @Override
    public String describe() {
        return "in-memory";
    }
}
