package dev.caretaker.alert;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * A route's quiet hours: from {@code from} to {@code to} local time in {@code zone} (across midnight when {@code to}
 * comes first), alerts of the listed severities are held and shown in the next digest instead. Critical alerts
 * always page, so {@code critical} is never among the severities.
 */
public record QuietHours(LocalTime from, LocalTime to, ZoneId zone, Set<String> severities) {

    public QuietHours {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        severities = Set.copyOf(severities);
        if (severities.contains("critical")) {
            throw new IllegalArgumentException("critical alerts always page");
        }
    }

    /** Whether an alert of {@code severity} raised at {@code at} is held. */
    public boolean holds(String severity, Instant at) {
        return severities.contains(severity) && contains(at);
    }

    /** Whether {@code at} falls in the quiet hours (their start included, their end not). */
    public boolean contains(Instant at) {
        LocalTime t = at.atZone(zone).toLocalTime();
        if (from.equals(to)) {
            return false;
        }
        return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
    }
}
