package dev.caretaker.chat;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * {@code caretaker.replies.*}: how long {@link DirectDelivery} keeps retrying a command's reply, and how many may wait.
 *
 * @param giveUpAfter how long a reply the platform does not take is retried before it is dropped (and logged)
 * @param capacity    replies waiting at once; a further one is refused and logged
 */
@ConfigurationProperties("caretaker.replies")
public record RepliesSettings(@NotNull @Bindable(defaultValue = "24h") Duration giveUpAfter,
                              @Min(value = 1, message = "must be at least 1") @Bindable(defaultValue = "10000") int capacity) {
}
