package dev.caretaker.command;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes the short duration form operators type: {@code 30s}, {@code 15m}, {@code 1h30m}, {@code 90d}. */
public final class Durations {

    private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,9}[dhms])+");
    private static final Pattern PART = Pattern.compile("(\\d{1,9})([dhms])");
    private static final Pattern SHAPE = Pattern.compile("(?:\\d+[dhms])+");
    /** Longer than any maintenance window anyone means; guards against overflow. */
    public static final Duration MAX = Duration.ofDays(3650);

    private Durations() {
    }

    public static Optional<Duration> parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(text);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            Duration part = switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
            total = total.plus(part);
            if (total.compareTo(MAX) > 0) {
                return Optional.empty();
            }
        }
        return Optional.of(total);
    }

    /** Whether {@code text} has the form of a duration whatever its size, so "too long" can be told from "not one". */
    public static boolean isWellFormed(String text) {
        return text != null && SHAPE.matcher(text).matches();
    }

    public static String format(Duration d) {
        long s = d.getSeconds();
        if (s == 0) {
            return d.toMillis() + "ms";
        }
        StringBuilder out = new StringBuilder();
        long days = s / 86400;
        long hours = (s % 86400) / 3600;
        long minutes = (s % 3600) / 60;
        long seconds = s % 60;
        if (days > 0) {
            out.append(days).append('d');
        }
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0) {
            out.append(seconds).append('s');
        }
        return out.toString();
    }
}
