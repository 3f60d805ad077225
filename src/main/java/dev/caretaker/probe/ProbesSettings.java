package dev.caretaker.probe;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * {@code caretaker.probes.*}: the defaults of every target's probes and how the scheduler runs them.
 *
 * @param interval    how often a target is probed unless it says otherwise
 * @param timeout     how long one probe may take unless its target says otherwise
 * @param self        whether the bot probes its own disk (its data directory)
 * @param concurrency probes running at once
 * @param keep        how long raw results are kept (trends read the digest's hourly rollups)
 */
@ConfigurationProperties("caretaker.probes")
public record ProbesSettings(@NotNull @Bindable(defaultValue = "60s") Duration interval,
                             @NotNull @Bindable(defaultValue = "10s") Duration timeout,
                             @Bindable(defaultValue = "true") boolean self,
                             @Min(value = 1, message = "must be at least 1") @Bindable(defaultValue = "8") int concurrency,
                             @NotNull @Bindable(defaultValue = "30d") Duration keep) {
}
