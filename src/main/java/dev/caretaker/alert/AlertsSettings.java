package dev.caretaker.alert;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * {@code caretaker.alerts.*} read as one record (routes and default channels are read by {@link AlertRoutes}).
 *
 * @param token           the bearer token Alertmanager sends ({@code CARETAKER_ALERTS_TOKEN}); the webhook is off without
 * @param alertmanagerUrl where Silence buttons create silences, e.g. {@code http://alertmanager:9093}
 * @param failures        bad probe results in a row before a probe's alert fires
 * @param recoveries      good results in a row before it resolves
 * @param forAtLeast      {@code for}: how long a probe must have been failing before its alert fires
 * @param renotifyWindow  a flapping alert posts at most once per window (edits after that)
 * @param escalateAfter   an unacknowledged critical alert is posted again, once, after this long
 */
@ConfigurationProperties("caretaker.alerts")
public record AlertsSettings(@Nullable String token, @Nullable String alertmanagerUrl,
                             @Min(value = 1, message = "must be at least 1") @Bindable(defaultValue = "3") int failures,
                             @Min(value = 1, message = "must be at least 1") @Bindable(defaultValue = "2") int recoveries,
                             // `for` is a Java keyword, so this component names its key itself
                             @NotNull @Property(name = "caretaker.alerts.for") @Bindable(defaultValue = "0s") Duration forAtLeast,
                             @NotNull @Bindable(defaultValue = "1h") Duration renotifyWindow,
                             @NotNull @Bindable(defaultValue = "30m") Duration escalateAfter) {

    /** Never the token: a record's own {@code toString} would print it into any log or error that shows settings. */
    @Override
    public String toString() {
        return "AlertsSettings[token=" + (token == null ? "none" : "configured") + ", alertmanagerUrl=" + alertmanagerUrl
                + ", failures=" + failures + ", recoveries=" + recoveries + ", for=" + forAtLeast + ", renotifyWindow="
                + renotifyWindow + ", escalateAfter=" + escalateAfter + "]";
    }
}
