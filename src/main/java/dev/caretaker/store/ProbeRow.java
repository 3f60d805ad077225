package dev.caretaker.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A probe result as stored in {@code probe_results}: {@code status} is {@code OK}, {@code WARN} or {@code CRITICAL}.
 * The probe package's own type is mapped to and from it by the callers, so the store needs nothing of theirs.
 */
public record ProbeRow(String target, String probe, String status, Double value, String unit, String detail,
                       Duration latency, Instant at) {

    public ProbeRow {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        unit = unit == null ? "" : unit;
        detail = detail == null ? "" : detail;
        latency = latency == null ? Duration.ZERO : latency;
    }

    boolean warn() {
        return "WARN".equals(status);
    }

    boolean critical() {
        return "CRITICAL".equals(status);
    }
}
