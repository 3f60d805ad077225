package dev.caretaker.store;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Chooses the coordinator: Redis, with PostgreSQL keeping a copy and answering when Redis is lost, when
 * {@code REDIS_URI} ({@code redis.uri}) is set; in memory otherwise.
 */
@Factory
public class CoordinatorFactory {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorFactory.class);

    @Singleton
    @Bean(preDestroy = "close")
    Coordinator coordinator(RedisSettings settings, Clock clock, Provider<PostgresCoordinator> postgres) {
        String redisUri = settings.uri();
        if (redisUri != null && !redisUri.isBlank()) {
            // first: should it fail, no Redis connection is left open behind a bean that never exists
            PostgresCoordinator copy = postgres.get();
            RedisCoordinator redis = new RedisCoordinator(redisUri);
            LOG.info("Coordinator: Redis at {} (replicas share dedup keys, leases and counters; PostgreSQL keeps a copy "
                    + "of claims and leases and answers when Redis is lost)", redis.describe());
            return new FallbackCoordinator(redis, copy);
        }
        LOG.info("Coordinator: in-memory (single replica; set REDIS_URI to run several)");
        return new InMemoryCoordinator(clock);
    }

}
