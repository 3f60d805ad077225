package dev.caretaker.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The coordinator of several replicas: Redis answers first, and every claim and lease Redis grants is also written to
 * PostgreSQL ({@link PostgresCoordinator}) under the same key. When Redis is lost mid-run, PostgreSQL answers alone
 * (its unique keys decide who claims a request or holds a lease), so a platform retry claimed before the loss is not
 * claimed again after it, and a claim made during the loss still counts when Redis returns. When neither answers, the
 * call throws {@link CoordinatorUnavailableException}: callers that would change something refuse to (fail closed).
 */
public final class FallbackCoordinator implements Coordinator {

    private static final Logger LOG = LoggerFactory.getLogger(FallbackCoordinator.class);
    /** After Redis failed, calls go straight to PostgreSQL this long before Redis is tried again. */
    static final Duration RETRY_REDIS = Duration.ofMillis(500);

    private final Coordinator redis;
    private final PostgresCoordinator postgres;
    /** When Redis failed last ({@link System#nanoTime()}); only meaningful while {@link #degraded}. */
    private volatile long failedAt;
    private volatile boolean degraded;

    public FallbackCoordinator(Coordinator redis, PostgresCoordinator postgres) {
        this.redis = redis;
        this.postgres = postgres;
    }

    @Override
    public boolean claim(String key, Duration ttl) {
        return claimOnce(key, ttl).won();
    }

    @Override
    public Claim claimOnce(String key, Duration ttl) {
        Optional<Boolean> first = redis(() -> redis.claim(key, ttl));
        if (first.isEmpty()) {
            return new Claim(postgres(() -> postgres.claim(key, ttl)), true);
        }
        if (!first.get()) {
            return new Claim(false, false);
        }
        // Redis says new; PostgreSQL may know it from while Redis was lost (and must know it, should Redis be lost next)
        return new Claim(copy("claim " + key, () -> postgres.claim(key, ttl), true), false);
    }

    @Override
    public Optional<Duration> remaining(String key) {
        return redis(() -> redis.remaining(key)).orElseGet(() -> postgres(() -> postgres.remaining(key)));
    }

    @Override
    public void release(String key) {
        redis(() -> {
            redis.release(key);
            return true;
        });
        postgres(() -> {
            postgres.release(key);
            return true;
        });
    }

    @Override
    public long increment(String key, Duration window) {
        // rate counters are not copied: a window counted partly in each store only loses a few counts
        return redis(() -> redis.increment(key, window)).orElseGet(() -> postgres(() -> postgres.increment(key, window)));
    }

    @Override
    public boolean acquireLease(String name, String holder, Duration ttl) {
        Optional<Boolean> first = redis(() -> redis.acquireLease(name, holder, ttl));
        if (first.isEmpty()) {
            return postgres(() -> postgres.acquireLease(name, holder, ttl));
        }
        if (!first.get()) {
            return false;
        }
        // PostgreSQL may name another holder, who took the lease there while Redis was lost (or cannot reach Redis)
        boolean agreed = copy("the " + name + " lease", () -> postgres.acquireLease(name, holder, ttl), true);
        if (!agreed) {
            redis(() -> {
                redis.releaseLease(name, holder);
                return true;
            });
        }
        return agreed;
    }

    @Override
    public void releaseLease(String name, String holder) {
        redis(() -> {
            redis.releaseLease(name, holder);
            return true;
        });
        postgres(() -> {
            postgres.releaseLease(name, holder);
            return true;
        });
    }

    @Override
    public Optional<String> leaseHolder(String name) {
        return redis(() -> redis.leaseHolder(name)).orElseGet(() -> postgres(() -> postgres.leaseHolder(name)));
    }

    @Override
    public long generation(String name) {
        return redis(() -> redis.generation(name)).orElseGet(() -> postgres(() -> postgres.generation(name)));
    }

    @Override
    public long advance(String name) {
        Optional<Long> n = redis(() -> redis.advance(name));
        if (n.isEmpty()) {
            return postgres(() -> postgres.advance(name));
        }
        copy("generation " + name, () -> postgres.advanceTo(name, n.get()), 0L);
        return n.get();
    }

    @Override
    public boolean ping() {
        return redis.ping() || postgres.ping();
    }

    /** True while Redis is lost and PostgreSQL answers alone. */
    public boolean degraded() {
        return degraded;
    }

    @Override
    public String describe() {
        return degraded ? redis.describe() + " (unreachable; PostgreSQL answers until it returns)" : redis.describe();
    }

    @Override
    public void close() {
        redis.close();
    }

    /** Asks Redis; empty when it could not answer (then, for a moment, without asking). */
    private <T> Optional<T> redis(Supplier<T> call) {
        if (degraded && System.nanoTime() - failedAt < RETRY_REDIS.toNanos()) {
            return Optional.empty();
        }
        try {
            T answer = call.get();
            if (degraded) {
                degraded = false;
                LOG.info("Coordinator: Redis at {} answers again; it answers first from now on", redis.describe());
            }
            return Optional.of(answer);
        } catch (RuntimeException e) {
            failedAt = System.nanoTime();
            if (!degraded) {
                degraded = true;
                LOG.warn("Coordinator: Redis at {} is unreachable ({}); PostgreSQL answers for it until it returns",
                        redis.describe(), e.getMessage());
            }
            return Optional.empty();
        }
    }

    /** Asks PostgreSQL alone, Redis being lost; throws when it cannot answer either. */
    private <T> T postgres(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw CoordinatorUnavailableException.midRun(redis.describe(), e);
        }
    }

    /** Writes what Redis granted to PostgreSQL too; when PostgreSQL cannot answer, Redis's answer stands. */
    private <T> T copy(String what, Supplier<T> call, T whenUnreachable) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            LOG.warn("Coordinator: could not copy {} to PostgreSQL; Redis's answer stands: {}", what, e.getMessage());
            return whenUnreachable;
        }
    }
}
