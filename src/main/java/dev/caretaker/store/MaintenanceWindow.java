package dev.caretaker.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One maintenance window as stored; see {@code V13__maintenance_windows.sql}. It covers the Caretaker targets in
 * {@code targets}, Alertmanager alerts whose {@code target} or {@code service} label is one of them, and alerts
 * whose labels match every entry of {@code matchers}; with neither, it covers everything.
 */
public record MaintenanceWindow(long id, String reason, List<String> targets, Map<String, String> matchers,
                                Instant startsAt, Instant endsAt, String createdBy, Instant createdAt, String channel,
                                Instant startedAt, Instant closedAt, String endedBy, String silenceId) {

    /** The labels that name a target on an Alertmanager alert, in the order they are read. */
    public static final List<String> TARGET_LABELS = List.of("target", "service");

    public MaintenanceWindow {
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        reason = reason == null ? "" : reason;
        targets = targets == null ? List.of() : List.copyOf(targets);
        matchers = matchers == null ? Map.of() : Map.copyOf(matchers);
    }

    /** Whether it covers every target and every alert. */
    public boolean everything() {
        return targets.isEmpty() && matchers.isEmpty();
    }

    /** Whether {@code at} falls in the window (its start included, its end not). */
    public boolean activeAt(Instant at) {
        return !at.isBefore(startsAt) && at.isBefore(endsAt);
    }

    /** Whether it covers the Caretaker target of this name (a backup restore over it, its probes). */
    public boolean coversTarget(String target) {
        return everything() || targets.contains(target);
    }

    /** Whether it covers an alert with these labels: its target or service is named, or every matcher matches. */
    public boolean coversLabels(Map<String, String> labels) {
        if (everything()) {
            return true;
        }
        for (String key : TARGET_LABELS) {
            String value = labels.get(key);
            if (value != null && targets.contains(value)) {
                return true;
            }
        }
        return !matchers.isEmpty()
                && matchers.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** Whether its start was carried out and its end not yet. */
    public boolean open() {
        return startedAt != null && closedAt == null;
    }

    /** Whether it was turned off before it began. */
    public boolean cancelled() {
        return startedAt == null && closedAt != null;
    }
}
