package dev.caretaker.schedule;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * {@code caretaker.runbook.*}: how multi-step runbooks wait for people.
 *
 * @param poll how often a runbook waiting at a prompt looks whether someone answered it
 */
@ConfigurationProperties("caretaker.runbook")
public record RunbookSettings(@NotNull @Bindable(defaultValue = "2s") Duration poll) {
}
