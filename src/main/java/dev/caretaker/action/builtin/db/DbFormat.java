package dev.caretaker.action.builtin.db;

import dev.caretaker.reply.Format;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** How figures read in db replies: sizes in kB / MB / GB, ratios as percentages, ages as "3h ago". */
final class DbFormat {

    static final String NONE = "—";

    private DbFormat() {
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

    static String ago(Optional<Instant> when, Instant now) {
        return when.map(w -> Format.human(Duration.between(w, now)) + " ago").orElse("never");
    }

    static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1_000_000.0);
    }
}
