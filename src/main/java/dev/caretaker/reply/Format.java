package dev.caretaker.reply;

import java.time.Duration;
import java.util.List;

/**
 * How values read inside sentences of every feature: durations as people say them, typed text quoted and shortened,
 * lists joined with "or".
 */
public final class Format {

    private static final int ECHO_MAX = 60;

    private Format() {
    }

    /** Durations as people say them: 45s, 5m, 1h 30m, 3d. */
    public static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60 == 0 || s >= 600 ? "" : " " + (s % 60) + "s");
        }
        if (s < 86400) {
            long m = (s % 3600) / 60;
            return (s / 3600) + "h" + (m == 0 ? "" : " " + m + "m");
        }
        long h = (s % 86400) / 3600;
        return (s / 86400) + "d" + (h == 0 ? "" : " " + h + "h");
    }

    /** Short durations with tenths of a second (0.4s, 12.3s); longer ones as {@link #human}. */
    public static String humanPrecise(Duration d) {
        if (d.toMillis() < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        }
        return human(d);
    }

    public static String orList(List<String> names) {
        List<String> quoted = names.stream().map(n -> "`" + n + "`").toList();
        if (quoted.size() == 1) {
            return quoted.get(0);
        }
        return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.get(quoted.size() - 1);
    }

    public static String echo(String typed) {
        String oneLine = typed.replaceAll("[\\r\\n\\t`]", " ");
        return oneLine.length() <= ECHO_MAX ? oneLine : oneLine.substring(0, ECHO_MAX - 1) + "…";
    }
}
