package dev.caretaker.action.builtin;

import java.util.Locale;
import java.util.OptionalDouble;

/** How figures read in the built-in commands' replies: sizes in kB / MB / GB, ratios as percentages, counts. */
public final class BuiltinFormat {

    /** What a table cell shows for a figure that is not known. */
    public static final String NONE = "—";

    private BuiltinFormat() {
    }

    /** 512 B, 3.4 MB, 12 GB: one decimal below ten units. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    /** A fraction (0.25) as a percentage (25.0%). */
    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    public static String percent(OptionalDouble fraction) {
        return fraction.isPresent() ? percent(fraction.getAsDouble()) : NONE;
    }

    /** 1,234,567. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
