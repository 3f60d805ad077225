package dev.caretaker.store;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/** Chooses the coordinator: Redis when {@code REDIS_URI} ({@code redis.uri}) is set, in memory otherwise. */
@Factory
public class CoordinatorFactory {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorFactory.class);

    @Singleton
    @Bean(preDestroy = "close")
    Coordinator coordinator(RedisSettings settings, Clock clock) {
        String redisUri = settings.uri();
        if (redisUri != null && !redisUri.isBlank()) {
            RedisCoordinator redis = new RedisCoordinator(redisUri);
            LOG.info("Coordinator: Redis at {} (replicas share dedup keys, leases and counters)", redis.describe());
            return redis;
        }
        LOG.info("Coordinator: in-memory (single replica; set REDIS_URI to run several)");
        return new InMemoryCoordinator(clock);
    }

}
