package dev.caretaker.chat;

import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Delivers what belongs to one interaction and so cannot wait in the outbox (a command's late answer through its
 * response URL, an ephemeral message, the edit of its progress message): tried at once on a virtual thread and, when
 * the platform did not take it, again by the same {@link DeliveryPolicy} as the outbox, scheduled on the
 * {@link TaskScheduler} (a 429 waits its {@code Retry-After}; no thread sleeps). Bounded: when {@code capacity}
 * deliveries wait, a new one is refused and logged rather than growing memory without end.
 */
@Singleton
public class DirectDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(DirectDelivery.class);

    /** One attempt at a delivery; throws when the platform did not take it. */
    @FunctionalInterface
    public interface Attempt {
        void run() throws DeliveryException;
    }

    private final DeliveryPolicy policy;
    private final ExecutorService executor;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final Duration giveUpAfter;
    private final Semaphore room;

    public DirectDelivery(DeliveryPolicy policy, @Named(TaskExecutors.BLOCKING) ExecutorService executor,
                          @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler, Clock clock,
                          RepliesSettings settings) {
        this.policy = policy;
        this.executor = executor;
        this.scheduler = scheduler;
        this.clock = clock;
        this.giveUpAfter = settings.giveUpAfter();
        this.room = new Semaphore(settings.capacity());
    }

    /** Starts a delivery now; false (and an error log) when too many wait already. */
    public boolean submit(String what, Attempt attempt) {
        if (!room.tryAcquire()) {
            LOG.error("Too many replies wait for delivery; dropped {}", what);
            return false;
        }
        Instant since = clock.instant();
        if (!run(() -> attempt(what, attempt, since, 1))) {
            room.release();
            return false;
        }
        return true;
    }

    private boolean run(Runnable work) {
        try {
            executor.execute(work);
            return true;
        } catch (RejectedExecutionException e) {
            return false;   // shutting down
        }
    }

    private void attempt(String what, Attempt attempt, Instant since, int n) {
        try {
            attempt.run();
            room.release();
            if (n > 1) {
                LOG.info("Delivered {} after {} failed attempt(s)", what, n - 1);
            }
        } catch (DeliveryException e) {
            Optional<Duration> wait = policy.retryIn(e, n);
            if (wait.isEmpty()) {
                LOG.error("The platform refused {} for good: {}", what, e.getMessage());
                room.release();
                return;
            }
            if (Duration.between(since, clock.instant()).plus(wait.get()).compareTo(giveUpAfter) > 0) {
                LOG.error("Gave up delivering {} after {}: {}", what, giveUpAfter, e.getMessage());
                room.release();
                return;
            }
            LOG.warn("Could not deliver {} ({}); retrying in {}", what, e.getMessage(), wait.get());
            try {
                scheduler.schedule(wait.get(), () -> {
                    if (!run(() -> attempt(what, attempt, since, n + 1))) {
                        room.release();
                    }
                });
            } catch (RejectedExecutionException stopping) {
                room.release();
            }
        } catch (RuntimeException e) {
            LOG.error("Delivering {} failed unexpectedly", what, e);
            room.release();
        }
    }
}
