package dev.caretaker.alert;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What holds alerts back (stores them without posting): maintenance windows, answered by the on-call package. The
 * alerts ask once per change, then once per alert, so a thousand-alert notification costs one look-up.
 */
public interface AlertHolds {

    /** What holds alerts at {@code at}. */
    Check at(Instant at);

    /** The holds in force at one moment. */
    @FunctionalInterface
    interface Check {

        /** Nothing is held. */
        Check NONE = labels -> Optional.empty();

        /** Why an alert with these labels is held, e.g. {@code maintenance:12}; empty when it is not. */
        Optional<String> hold(Map<String, String> labels);
    }
}
