package dev.caretaker.store;

import java.time.Duration;
import java.util.Optional;

/**
 * What replicas agree on through Redis (or, for a single replica, in memory): first-seen keys for
 * dedup and cooldowns, leases for work only one replica may do, counters for rate limits.
 */
public interface Coordinator extends AutoCloseable {

    /** True only for the first caller to claim {@code key} within {@code ttl}, across replicas. */
    boolean claim(String key, Duration ttl);

    /**
     * Who won a claim, and how it was decided.
     *
     * @param fallback PostgreSQL decided alone because Redis was lost (see {@link FallbackCoordinator})
     */
    record Claim(boolean won, boolean fallback) {
    }

    /**
     * {@link #claim}, also telling whether PostgreSQL decided in place of a lost Redis; throws
     * {@link CoordinatorUnavailableException} when nothing could decide.
     */
    default Claim claimOnce(String key, Duration ttl) {
        return new Claim(claim(key, ttl), false);
    }

    /** How long a claimed key still lives; empty when it is not claimed. */
    Optional<Duration> remaining(String key);

    /** Drops a claim so the key can be claimed again. */
    void release(String key);

    /** Adds one to a counter that starts over each {@code window}; answers the new value. */
    long increment(String key, Duration window);

    /** Takes the lease, or renews it when {@code holder} has it already; false when another holds it. */
    boolean acquireLease(String name, String holder, Duration ttl);

    /** Gives the lease up if {@code holder} has it. */
    void releaseLease(String name, String holder);

    Optional<String> leaseHolder(String name);

    /**
     * A counter every replica reads and none forgets on its own (no time to live), e.g. the generation of the command
     * set that {@code commands reload} advances; 0 when it was never advanced (or the coordinator lost it).
     */
    long generation(String name);

    /** Adds one to the counter {@link #generation} reads; answers the new value. */
    long advance(String name);

    /** True when the backing store answers. */
    boolean ping();

    /** What this is, for logs and {@code status}: {@code in-memory} or the Redis address without credentials. */
    String describe();

    /** Closes connections; nothing for the in-memory one. */
    @Override
    default void close() {
    }
}
