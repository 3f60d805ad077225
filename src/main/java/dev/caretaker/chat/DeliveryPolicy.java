package dev.caretaker.chat;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;

/**
 * The one retry policy for every outgoing chat call (outbox messages and command replies alike): a permanent refusal
 * is not retried; a platform's {@code Retry-After} is honoured; anything else backs off exponentially, capped.
 * Adapters try once; whoever calls them reschedules by this policy and never sleeps a thread.
 */
@Singleton
public class DeliveryPolicy {

    private final Duration base;
    private final Duration cap;

    @Inject
    public DeliveryPolicy(OutboxSettings settings) {
        this(settings.backoffBase(), settings.backoffCap());
    }

    public DeliveryPolicy(Duration base, Duration cap) {
        this.base = base;
        this.cap = cap;
    }

    /** When to try again after the {@code attempt}-th failure (1 for the first); empty when retrying cannot help. */
    public Optional<Duration> retryIn(DeliveryException e, int attempt) {
        if (e.permanent()) {
            return Optional.empty();
        }
        return Optional.of(e.retryAfter().orElseGet(() -> backoff(attempt)));
    }

    /** base × 2^(attempt−1), capped. */
    public Duration backoff(int attempt) {
        int shift = Math.min(30, Math.max(0, attempt - 1));
        long millis = base.toMillis() << shift;
        return millis <= 0 || millis > cap.toMillis() ? cap : Duration.ofMillis(millis);
    }
}
