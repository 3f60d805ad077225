package dev.caretaker.alert;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;

/**
 * {@code caretaker.alerts.*} read as one record (routes and the rule's {@code for} are read where they are used).
 *
 * @param token           the bearer token Alertmanager sends ({@code CARETAKER_ALERTS_TOKEN}); the webhook is off without
 * @param alertmanagerUrl where Silence buttons create silences, e.g. {@code http://alertmanager:9093}
 * @param failures        bad probe results in a row before a probe's alert fires
 * @param recoveries      good results in a row before it resolves
 */
@ConfigurationProperties("caretaker.alerts")
public record AlertsSettings(@Nullable String token, @Nullable String alertmanagerUrl,
                             @Min(value = 1, message = "must be at least 1") @Bindable(defaultValue = "3") int failures,
                             @Min(value = 1, message = "must be at least 1") @Bindable(defaultValue = "2") int recoveries) {
}
