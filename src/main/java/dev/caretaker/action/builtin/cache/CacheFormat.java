package dev.caretaker.action.builtin.cache;


import dev.caretaker.reply.Format;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;

/** How figures read in cache replies: sizes in kB / MB / GB, rates as percentages, counts with separators. */
final class CacheFormat {

    static final String NONE = "—";

    private CacheFormat() {
    }

    static String bytes(long bytes) {
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

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    static String percent(OptionalDouble fraction) {
        return fraction.isPresent() ? percent(fraction.getAsDouble()) : NONE;
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String decimal(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String ttl(java.util.Optional<Duration> ttl) {
        return ttl.map(Format::humanPrecise).orElse("none");
    }
}
