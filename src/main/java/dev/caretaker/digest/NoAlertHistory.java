package dev.caretaker.digest;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;

/** The alert source while no alert store is installed: no history, and the alerts section says so. */
@Singleton
@Secondary
public class NoAlertHistory implements AlertSource {

    @Override
    public boolean available() {
        return false;
    }

    @Override
    public List<AlertSummary> since(Instant since) {
        return List.of();
    }
}
