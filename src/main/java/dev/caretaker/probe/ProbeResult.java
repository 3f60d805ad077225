package dev.caretaker.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One check of one target: its status, the measured value (e.g. 87.5 with unit {@code %}), a short
 * detail for people, how long the check took, and when it ran.
 *
 * @param probe the probe's name within the target, e.g. {@code http}, {@code disk}, {@code tls-expiry}
 */
public record ProbeResult(String target, String probe, ProbeStatus status, Double value, String unit,
                          String detail, Duration latency, Instant at) {

    public ProbeResult {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        detail = detail == null ? "" : detail;
        unit = unit == null ? "" : unit;
        latency = latency == null ? Duration.ZERO : latency;
    }
}
