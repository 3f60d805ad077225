package dev.caretaker.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One alert as stored. {@code source} is {@code probe} or {@code alertmanager}; {@code severity} is
 * {@code critical}, {@code warning} or {@code info}; {@code state} is {@code firing}, {@code acknowledged},
 * {@code silenced} or {@code resolved}. {@code hold} says why it is held (stored, not posted): a maintenance window
 * ({@code maintenance:<id>}) or {@link #QUIET quiet hours}; {@code holdOutcome} what became of it at the window's end.
 * {@code escalationStep} counts the steps of its rotation's escalation taken so far.
 */
public record AlertRecord(long id, String fingerprint, String source, long groupId, String name, String severity,
                          String state, Map<String, String> labels, Map<String, String> annotations, String value,
                          String summary, String runbookUrl, Instant startedAt, Instant updatedAt, Instant ackedAt,
                          String ackedBy, Instant silencedUntil, String silenceId, Instant resolvedAt,
                          Instant lastNotifiedAt, Instant escalatedAt, String hold, Instant heldAt,
                          String holdOutcome, int escalationStep, String escalatedTo) {

    public static final String FIRING = "firing";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String SILENCED = "silenced";
    public static final String RESOLVED = "resolved";
    public static final String PROBE = "probe";
    public static final String ALERTMANAGER = "alertmanager";
    /** {@code hold} of an alert held by quiet hours; a maintenance window's is {@code maintenance:<window id>}. */
    public static final String QUIET = "quiet";
    /** {@code holdOutcome}: held by a maintenance window and still firing at its end, so posted then. */
    public static final String POSTED_AFTER_MAINTENANCE = "posted after maintenance";
    /** {@code holdOutcome}: held by a maintenance window and resolved before its end. */
    public static final String RESOLVED_DURING_MAINTENANCE = "resolved during maintenance";
    /** {@code holdOutcome}: held by quiet hours until it became critical. */
    public static final String POSTED_WHEN_CRITICAL = "posted when critical";

    public AlertRecord {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(state, "state");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        summary = summary == null ? "" : summary;
    }

    /** An alert that was never held nor escalated along a rotation. */
    public AlertRecord(long id, String fingerprint, String source, long groupId, String name, String severity,
                       String state, Map<String, String> labels, Map<String, String> annotations, String value,
                       String summary, String runbookUrl, Instant startedAt, Instant updatedAt, Instant ackedAt,
                       String ackedBy, Instant silencedUntil, String silenceId, Instant resolvedAt,
                       Instant lastNotifiedAt, Instant escalatedAt) {
        this(id, fingerprint, source, groupId, name, severity, state, labels, annotations, value, summary, runbookUrl,
                startedAt, updatedAt, ackedAt, ackedBy, silencedUntil, silenceId, resolvedAt, lastNotifiedAt, escalatedAt,
                null, null, null, 0, null);
    }

    /** The maintenance window id of {@code maintenance:<id>}. */
    public static String maintenanceHold(long windowId) {
        return "maintenance:" + windowId;
    }

    /** Whether it is held now: stored, left out of its group's message, not yet released. */
    public boolean held() {
        return hold != null && holdOutcome == null;
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
