package dev.caretaker.store;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code redis.*}: the Redis replicas share dedup keys, leases and counters through ({@code REDIS_URI}); unset, one
 * replica runs with the in-memory coordinator. Redis <em>targets</em> are {@code caretaker.targets.*}, not this.
 *
 * @param uri {@code redis://}, {@code rediss://} or {@code redis-sentinel://} address of that Redis
 */
@ConfigurationProperties("redis")
public record RedisSettings(@Nullable String uri) {

    /** Never the address itself: it may carry a password, and a settings record may be logged. */
    @Override
    public String toString() {
        return "RedisSettings[uri=" + (uri == null || uri.isBlank() ? "unset" : "****") + "]";
    }
}
