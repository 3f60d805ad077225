package dev.caretaker.digest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The scheduled run that should have happened by now, and whether posting it now is late. Only the latest
 * scheduled instant counts: after days of downtime one late run is posted, not one per missed day.
 */
public record Due(Instant scheduledAt, boolean late) {

    public static Optional<Due> at(Cron cron, ZoneId zone, Instant now, Duration lateAfter) {
        return cron.previous(now, zone).map(s -> new Due(s, Duration.between(s, now).compareTo(lateAfter) > 0));
    }
}
