package dev.caretaker.digest;

import dev.caretaker.store.AlertRecord;
import dev.caretaker.store.AlertStore;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Alert history for the digest from the alert store. */
@Singleton
public class AlertStoreSource implements AlertSource {

    private final AlertStore store;

    public AlertStoreSource(AlertStore store) {
        this.store = store;
    }

    @Override
    public List<AlertSummary> since(Instant since) {
        return store.since(since).stream().map(AlertStoreSource::summary).toList();
    }

    private static AlertSummary summary(AlertRecord a) {
        return new AlertSummary(a.name(), a.severity(), a.state(), a.startedAt(), Optional.ofNullable(a.ackedAt()),
                Optional.ofNullable(a.resolvedAt()));
    }
}
