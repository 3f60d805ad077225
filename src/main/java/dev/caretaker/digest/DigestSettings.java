package dev.caretaker.digest;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * {@code caretaker.digest.*}: how digests and checklists are composed and kept (the digests themselves are
 * {@code caretaker.digests[]}, read by {@link DigestConfig}).
 *
 * @param lateAfter        a digest or checklist posted later than this after its time is marked late
 * @param probeConcurrency probes run at once while a digest is composed
 * @param historyHourly    {@code history.hourly}: how long the hourly probe rollups are kept
 */
@ConfigurationProperties("caretaker.digest")
public record DigestSettings(@NotNull @Bindable(defaultValue = "5m") Duration lateAfter,
                             @Min(value = 1, message = "must be at least 1") @Bindable(defaultValue = "32") int probeConcurrency,
                             @NotNull @Property(name = "caretaker.digest.history.hourly") @Bindable(defaultValue = "30d")
                             Duration historyHourly) {
}
