package dev.caretaker.chat.slack;

import dev.caretaker.chat.DeliveryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Delivers messages that could not go out at once, with backoff (or Slack's {@code Retry-After}) until they
 * do, so an outage delays replies instead of losing them. Bounded: when {@code capacity} deliveries wait,
 * a new one is refused and logged rather than growing memory without end.
 */
public final class RetryQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetryQueue.class);

    private final Semaphore room;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Duration giveUpAfter;
    private final ScheduledExecutorService scheduler;

    /** One message to deliver; throws when Slack did not take it. */
    @FunctionalInterface
    public interface Delivery {
        void deliver() throws DeliveryException;
    }

    public RetryQueue(int capacity, Duration firstBackoff, Duration maxBackoff, Duration giveUpAfter) {
        this.room = new Semaphore(capacity);
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.giveUpAfter = giveUpAfter;
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "slack-delivery");
            t.setDaemon(true);
            return t;
        });
    }

    public static RetryQueue defaults() {
        return new RetryQueue(10_000, Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofHours(24));
    }

    /** Queues a delivery and starts it now; false (and an error log) when the queue is full. */
    public boolean submit(String what, Delivery delivery) {
        if (!room.tryAcquire()) {
            LOG.error("Slack delivery queue is full; dropped {}", what);
            return false;
        }
        Instant since = Instant.now();
        scheduler.execute(() -> attempt(what, delivery, since, 0));
        return true;
    }

    private void attempt(String what, Delivery delivery, Instant since, int failures) {
        try {
            delivery.deliver();
            room.release();
        } catch (DeliveryException e) {
            if (e.permanent()) {
                LOG.error("Slack refused {} for good: {}", what, e.getMessage());
                room.release();
                return;
            }
            if (Duration.between(since, Instant.now()).compareTo(giveUpAfter) > 0) {
                LOG.error("Gave up delivering {} after {}: {}", what, giveUpAfter, e.getMessage());
                room.release();
                return;
            }
            Duration backoff = firstBackoff.multipliedBy(1L << Math.min(failures, 20));
            if (backoff.compareTo(maxBackoff) > 0) {
                backoff = maxBackoff;
            }
            Duration wait = e.retryAfter().filter(r -> r.compareTo(firstBackoff) > 0).orElse(backoff);
            LOG.warn("Could not deliver {} ({}); retrying in {}", what, e.getMessage(), wait);
            scheduler.schedule(() -> attempt(what, delivery, since, failures + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.error("Delivering {} failed unexpectedly", what, e);
            room.release();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
