package dev.caretaker.probe;

import java.util.Locale;

/**
 * Warn and critical levels of a measured value. Usually higher is worse (latency, used %); for days to
 * certificate expiry lower is worse. Either level may be absent.
 */
public record Thresholds(Double warn, Double critical, boolean lowerIsWorse) {

    public static Thresholds above(Double warn, Double critical) {
        return new Thresholds(warn, critical, false);
    }

    public static Thresholds below(Double warn, Double critical) {
        return new Thresholds(warn, critical, true);
    }

    public ProbeStatus judge(double value) {
        if (critical != null && beyond(value, critical)) {
            return ProbeStatus.CRITICAL;
        }
        if (warn != null && beyond(value, warn)) {
            return ProbeStatus.WARN;
        }
        return ProbeStatus.OK;
    }

    private boolean beyond(double value, double level) {
        return lowerIsWorse ? value < level : value > level;
    }

    /** How the level that was crossed reads to people, e.g. "above 90" or "below 7". */
    public String describe(ProbeStatus status, String unit) {
        Double level = status == ProbeStatus.CRITICAL ? critical : status == ProbeStatus.WARN ? warn : null;
        if (level == null) {
            return "";
        }
        return (lowerIsWorse ? "below " : "above ") + format(level) + (unit.isEmpty() ? "" : " " + unit);
    }

    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
