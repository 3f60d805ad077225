package dev.caretaker.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One alert as stored. {@code source} is {@code probe} or {@code alertmanager}; {@code severity} is
 * {@code critical}, {@code warning} or {@code info}; {@code state} is {@code firing}, {@code acknowledged},
 * {@code silenced} or {@code resolved}.
 */
public record AlertRecord(long id, String fingerprint, String source, long groupId, String name, String severity,
                          String state, Map<String, String> labels, Map<String, String> annotations, String value,
                          String summary, String runbookUrl, Instant startedAt, Instant updatedAt, Instant ackedAt,
                          String ackedBy, Instant silencedUntil, String silenceId, Instant resolvedAt,
                          Instant lastNotifiedAt, Instant escalatedAt) {

    public static final String FIRING = "firing";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String SILENCED = "silenced";
    public static final String RESOLVED = "resolved";
    public static final String PROBE = "probe";
    public static final String ALERTMANAGER = "alertmanager";

    public AlertRecord {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(state, "state");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        summary = summary == null ? "" : summary;
    }

    /** A changed copy: set what changes, keep the rest. */
    public AlertCopy copy() {
        return new AlertCopy(this);
    }

    public boolean open() {
        return !RESOLVED.equals(state);
    }

    public boolean critical() {
        return "critical".equals(severity);
    }
}
