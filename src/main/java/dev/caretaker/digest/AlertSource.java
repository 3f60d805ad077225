package dev.caretaker.digest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Alert history for the digest; the default, {@link AlertStoreSource}, reads the alert store. */
public interface AlertSource {

    /** One alert as the digest needs it; {@code severity} is {@code critical}, {@code warning} or {@code info}. */
    record AlertSummary(String name, String severity, String state, Instant startedAt, Optional<Instant> ackedAt,
                        Optional<Instant> resolvedAt) {

        public boolean firing() {
            return resolvedAt.isEmpty();
        }
    }

    /** Alerts that started, or were still firing, at or after {@code since}. */
    List<AlertSummary> since(Instant since);
}
