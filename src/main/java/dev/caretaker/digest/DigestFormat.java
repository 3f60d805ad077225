package dev.caretaker.digest;

import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.reply.Format;

import java.time.Duration;
import java.util.Locale;

/** How figures read in the digest: sizes in kB / MB / GB, values with units, signed changes, short durations. */
public final class DigestFormat {

    private DigestFormat() {
    }

    public static String bytes(long bytes) {
        double v = bytes;
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** A value with its unit, without needless decimals: 87 ms, 12.5 %, 0.42. */
    public static String value(double value, String unit) {
        String n = Math.abs(value) >= 100 || value == Math.rint(value)
                ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
        if (unit == null || unit.isBlank()) {
            return n;
        }
        return n + " " + unit;
    }

    /** The change from {@code before} to {@code now} as a signed percentage; "–" when there is nothing to compare. */
    public static String change(double now, Double before) {
        if (before == null || before == 0) {
            return "–";
        }
        long pct = Math.round((now - before) * 100 / before);
        return pct == 0 ? "±0 %" : (pct > 0 ? "+" : "−") + Math.abs(pct) + " %";
    }

    public static String status(ProbeStatus status) {
        return switch (status) {
            case OK -> "ok";
            case WARN -> "warn";
            case CRITICAL -> "critical";
        };
    }

    public static String duration(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + " ms";
        }
        return Format.humanPrecise(d);
    }
}
