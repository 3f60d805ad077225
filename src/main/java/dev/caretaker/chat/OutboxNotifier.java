package dev.caretaker.chat;

import dev.caretaker.config.Serving;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platform;
import dev.caretaker.store.OutboxLanes;
import dev.caretaker.store.OutboxLanes.Claim;
import dev.caretaker.store.OutboxWritten;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers the outbox, on every replica. A pump claims due lanes ({@link OutboxLanes#claim}: one short transaction,
 * at most one lane per channel over all replicas), and each claimed lane is delivered on a virtual thread of its own
 * with no transaction or connection held: post the first time, edit afterwards, or reply in the parent's thread. The
 * outcome is recorded in a second short transaction: the platform's message id, or a retry time by the
 * {@link DeliveryPolicy} (a 429 also pauses its channel for the {@code Retry-After}), or a permanent failure. A slow
 * or rate-limited channel therefore delays only its own messages. The pump runs when a commit wrote messages on this
 * replica, when a delivery ends, and every {@code caretaker.outbox.poll} (what other replicas wrote, retries coming
 * due). Messages for a platform that is not configured here wait. Off with {@code caretaker.outbox.deliver: false}
 * (the one-shot {@code run} mode), leaving messages to the serving replicas.
 *
 * <p>A replica that dies after the platform took a post but before recording it leaves the lane claimed until its
 * lease runs out; another replica then posts again. That window is one HTTP call wide; every other retry edits in place.
 */
@Serving
@Requires(property = "caretaker.outbox.deliver", notEquals = "false")
public class OutboxNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxNotifier.class);
    private static final Duration HOUSEKEEPING_EVERY = Duration.ofSeconds(30);
    private static final String DELIVERED = "delivered";
    private static final String RETRIED = "retries";
    private static final String FAILED = "failed";
    private static final Map<String, String> OUTCOMES = Map.of(DELIVERED, "Messages delivered to chat",
            RETRIED, "Deliveries to try again later", FAILED, "Messages a platform refused for good");
    private static final Duration QUIET_AFTER_FAILURE = Duration.ofSeconds(1);

    private final OutboxLanes lanes;
    private final ChatAdapters adapters;
    private final DeliveryPolicy policy;
    private final ExecutorService executor;
    private final Duration lease;
    private final Duration keepDelivered;
    private final int concurrency;
    private final Semaphore slots;
    private final AtomicBoolean pumping = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final Set<Platform> reportedUnconfigured = ConcurrentHashMap.newKeySet();
    private final MeterRegistry meters;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestMillis = new AtomicLong();
    private final ScheduledFuture<?> ticks;
    private volatile boolean running = true;
    private volatile long nextHousekeeping = System.nanoTime();
    private volatile long quietUntil = System.nanoTime();

    public OutboxNotifier(OutboxLanes lanes, ChatAdapters adapters, DeliveryPolicy policy, MeterRegistry meters,
                          @Named(TaskExecutors.BLOCKING) ExecutorService executor,
                          @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler,
                          OutboxSettings settings) {
        this.lanes = lanes;
        this.adapters = adapters;
        this.policy = policy;
        this.executor = executor;
        this.lease = settings.claimLease();
        this.keepDelivered = settings.keepDelivered();
        this.concurrency = settings.concurrency();
        this.slots = new Semaphore(this.concurrency);
        // what an on-call person graphs: messages waiting and for how long (refreshed every housekeeping round), and
        // what became of them on each platform
        this.meters = meters;
        Gauge.builder("caretaker.outbox.pending", pending, AtomicLong::get)
                .description("Messages waiting for delivery (all replicas)").register(meters);
        Gauge.builder("caretaker.outbox.oldest", oldestMillis, m -> m.get() / 1000.0).baseUnit("seconds")
                .description("How long the oldest message still waiting has waited (all replicas)").register(meters);
        this.ticks = scheduler.scheduleWithFixedDelay(Duration.ZERO, settings.poll(), this::wake);
    }

    /** Messages were committed on this replica: deliver them now rather than at the next poll. */
    @EventListener
    void onWritten(OutboxWritten written) {
        wake();
    }

    /** Runs the pump soon (at once unless it is running, in which case it goes round once more). */
    public void wake() {
        again.set(true);
        if (running && pumping.compareAndSet(false, true)) {
            try {
                executor.execute(() -> detached(this::pump));
            } catch (RejectedExecutionException e) {
                pumping.set(false);
            }
        }
    }

    private void pump() {
        try {
            while (running && again.getAndSet(false) && System.nanoTime() - quietUntil >= 0) {
                housekeeping();
                int free = slots.availablePermits();
                if (free == 0) {
                    return;   // a delivery that ends wakes the pump again
                }
                List<Claim> claims = lanes.claim(livePlatforms(), free, lease, this::pace);
                for (Claim claim : claims) {
                    slots.acquireUninterruptibly();
                    try {
                        executor.execute(() -> detached(() -> deliver(claim)));
                    } catch (RejectedExecutionException e) {
                        slots.release();   // shutting down; the claim runs out and the lane is delivered later
                    }
                }
                if (claims.size() == free) {
                    again.set(true);   // there may be more due than there were free slots
                }
            }
        } catch (RuntimeException e) {
            // the database is away or a bug: stay quiet for a moment, then the next tick tries again
            quietUntil = System.nanoTime() + QUIET_AFTER_FAILURE.toNanos();
            if (running) {
                LOG.warn("Outbox delivery failed, retrying: {}", e.toString());
            }
        } finally {
            pumping.set(false);
            if (again.get() && running && System.nanoTime() - quietUntil >= 0) {
                wake();
            }
        }
    }

    /**
     * Runs without the caller's propagated context: Micronaut's executors carry it along, and a wake-up from the
     * commit of a transaction would otherwise hand the pump that transaction's (closing) connection.
     */
    private static void detached(Runnable work) {
        try (PropagatedContext.Scope ignored = PropagatedContext.empty().propagate()) {
            work.run();
        }
    }

    private Set<String> livePlatforms() {
        Set<String> out = new java.util.HashSet<>();
        adapters.live().forEach(p -> out.add(p.id()));
        return out;
    }

    private Duration pace(ChannelAddress channel) {
        return adapters.forChannel(channel).map(ChatAdapter::pace).orElse(Duration.ZERO);
    }

    /** Delivers one claimed lane on its own thread, with no transaction open, and records what came of it. */
    private void deliver(Claim claim) {
        try {
            if (claim.reply() == null) {
                LOG.error("Outbox message {} in {} cannot be read and is dropped: {}", claim.messageKey(),
                        claim.channel(), claim.unreadable());
                lanes.failed(claim, claim.unreadable());
                count(FAILED, claim.channel().platform());
                return;
            }
            ChatAdapter adapter = adapters.forChannel(claim.channel()).orElseThrow();
            try {
                MessageRef posted = null;
                if (claim.messageId() != null) {
                    adapter.update(new MessageRef(claim.channel(), claim.messageId()), claim.reply());
                } else if (claim.parentMessageId() != null) {
                    posted = adapter.replyInThread(new MessageRef(claim.channel(), claim.parentMessageId()), claim.reply());
                } else {
                    posted = adapter.post(claim.channel(), claim.reply());
                }
                if (!lanes.delivered(claim, posted == null ? null : posted.messageId())) {
                    LOG.warn("Delivered {} to {}, but the claim had run out and another replica took the lane over",
                            claim.messageKey(), claim.channel());
                    return;
                }
                count(DELIVERED, claim.channel().platform());
                if (claim.attempts() > 0) {
                    LOG.info("Delivered {} to {} after {} failed attempt(s)", claim.messageKey(), claim.channel(),
                            claim.attempts());
                }
            } catch (DeliveryException e) {
                int attempts = claim.attempts() + 1;
                var wait = policy.retryIn(e, attempts);
                if (wait.isEmpty()) {
                    LOG.warn("{} refused {} permanently, giving up: {}", claim.channel(), claim.messageKey(),
                            e.getMessage());
                    lanes.failed(claim, e.getMessage());
                    count(FAILED, claim.channel().platform());
                    return;
                }
                count(RETRIED, claim.channel().platform());
                LOG.info("{} did not take {} (attempt {}), retrying in {}: {}", claim.channel(), claim.messageKey(),
                        attempts, wait.get(), e.getMessage());
                // a rate limit holds the whole channel, so its other messages do not run into it one by one
                lanes.retryLater(claim, wait.get(), attempts, e.getMessage(), e.retryAfter().isPresent());
            } catch (RuntimeException e) {
                int attempts = claim.attempts() + 1;
                count(RETRIED, claim.channel().platform());
                LOG.warn("Delivering {} to {} failed unexpectedly (attempt {})", claim.messageKey(), claim.channel(),
                        attempts, e);
                lanes.retryLater(claim, policy.backoff(attempts), attempts, e.toString(), false);
            }
        } catch (RuntimeException e) {
            // recording failed (the database is away): the claim runs out and the lane is delivered again
            LOG.warn("Could not record the delivery of {} to {}: {}", claim.messageKey(), claim.channel(), e.toString());
        } finally {
            slots.release();
            wake();
        }
    }

    private void count(String outcome, Platform platform) {
        counter(outcome, platform).increment();
    }

    /** {@code caretaker_outbox_delivered_total{platform}} and its two siblings. */
    private Counter counter(String outcome, Platform platform) {
        return Counter.builder("caretaker.outbox." + outcome).description(OUTCOMES.get(outcome))
                .tag("platform", platform.id()).register(meters);
    }

    /** Now and then: say once which platforms have messages waiting without an adapter; drop old delivered rows. */
    private void housekeeping() {
        long now = System.nanoTime();
        if (now - nextHousekeeping < 0) {
            return;
        }
        nextHousekeeping = now + HOUSEKEEPING_EVERY.toNanos();
        Set<String> live = livePlatforms();
        // every outcome of every live platform is on /prometheus from the start, zero until it happens
        adapters.live().forEach(p -> OUTCOMES.keySet().forEach(outcome -> counter(outcome, p)));
        Map<String, Long> waiting = lanes.pendingByPlatform();
        pending.set(waiting.values().stream().mapToLong(Long::longValue).sum());
        oldestMillis.set(lanes.oldestPendingAge().toMillis());
        waiting.forEach((platform, count) -> {
            if (!live.contains(platform)) {
                Platform.fromId(platform).filter(reportedUnconfigured::add).ifPresent(p -> LOG.warn(
                        "{} message(s) wait for {}, which is not configured here; they are delivered once it is",
                        count, p.id()));
            }
        });
        lanes.deleteFinishedOlderThan(keepDelivered);
    }

    @PreDestroy
    @Override
    public void close() {
        running = false;
        ticks.cancel(false);
        // let deliveries under way record their outcome; a claim left behind runs out and is taken over
        try {
            if (slots.tryAcquire(concurrency, 5, TimeUnit.SECONDS)) {
                slots.release(concurrency);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
