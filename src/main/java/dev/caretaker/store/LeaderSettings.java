package dev.caretaker.store;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * {@code caretaker.leader.*}: how long the scheduler lease lasts ({@code lease}, 15s unless set); its holder renews it
 * every third of that, and another replica takes over within one lease when the holder dies.
 */
@ConfigurationProperties("caretaker.leader")
public record LeaderSettings(@NotNull @Bindable(defaultValue = "15s") Duration lease) {
}
