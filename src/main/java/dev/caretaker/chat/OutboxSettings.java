package dev.caretaker.chat;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * {@code caretaker.outbox.*}: how the outbox is delivered and retried ({@code deliver: false} turns delivery off on a
 * replica; it is read where the notifier is made).
 *
 * @param concurrency   lanes delivered at once on this replica
 * @param poll          how often the notifier looks for work other replicas wrote and retries coming due
 * @param claimLease    how long a claimed lane stays with its replica before another may take it over
 * @param keepDelivered how long delivered messages are kept
 * @param backoffBase   the first retry's wait; each further retry waits twice as long
 * @param backoffCap    the longest wait between retries
 */
@ConfigurationProperties("caretaker.outbox")
public record OutboxSettings(@Min(value = 1, message = "must be at least 1") @Bindable(defaultValue = "32") int concurrency,
                             @NotNull @Bindable(defaultValue = "250ms") Duration poll,
                             @NotNull @Bindable(defaultValue = "1m") Duration claimLease,
                             @NotNull @Bindable(defaultValue = "7d") Duration keepDelivered,
                             @NotNull @Bindable(defaultValue = "1s") Duration backoffBase,
                             @NotNull @Bindable(defaultValue = "5m") Duration backoffCap) {
}
