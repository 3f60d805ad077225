package dev.caretaker.digest;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week) evaluated in a time zone, so
 * "0 9 * * *" in Europe/Berlin is 09:00 local on both sides of a daylight-saving change. A local time that
 * does not exist (spring forward) fires at the first instant after the gap; one that exists twice (fall
 * back) fires once, at the first. As in Vixie cron, when both day fields are restricted either may match.
 */
public final class Cron {

    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
        "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    /** Far enough for "29 February on a Monday" (at most 28 years apart) without looping forever. */
    private static final int MAX_DAYS = 366 * 29;

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private Cron(String text, BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months, BitSet daysOfWeek,
                 boolean anyDayOfMonth, boolean anyDayOfWeek) {
        this.text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.anyDayOfMonth = anyDayOfMonth;
        this.anyDayOfWeek = anyDayOfWeek;
    }

    /**
     * Parses an expression such as {@code 0 9 * * 1-5}, {@code 30 8 1 * *} or {@code @daily}.
     *
     * @throws IllegalArgumentException with a sentence naming the field that is wrong
     */
    public static Cron parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException(DigestConfigMessages.cronEmpty());
        }
        String e = expression.strip();
        String expanded = switch (e.toLowerCase(Locale.ROOT)) {
            case "@hourly" -> "0 * * * *";
            case "@daily", "@midnight" -> "0 0 * * *";
            case "@weekly" -> "0 0 * * 0";
            case "@monthly" -> "0 0 1 * *";
            case "@yearly", "@annually" -> "0 0 1 1 *";
            default -> e;
        };
        String[] f = expanded.split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException(DigestConfigMessages.cronFieldCount(e, f.length));
        }
        BitSet dow = field(f[4], 0, 7, DAYS, "weekday");
        if (dow.get(7)) {
            dow.set(0);
            dow.clear(7);
        }
        return new Cron(e, field(f[0], 0, 59, null, "minute"), field(f[1], 0, 23, null, "hour"),
                field(f[2], 1, 31, null, "day of month"), field(f[3], 1, 12, MONTHS, "month"), dow,
                f[2].equals("*") || f[2].equals("?"), f[4].equals("*") || f[4].equals("?"));
    }

    /** The first fire time strictly after {@code after}. */
    public Optional<Instant> next(Instant after, ZoneId zone) {
        LocalDate day = after.atZone(zone).toLocalDate().minusDays(1);
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            if (!matches(day)) {
                continue;
            }
            for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
                for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                    Instant candidate = fire(day, h, m, zone);
                    if (candidate.isAfter(after)) {
                        return Optional.of(candidate);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The last fire time at or before {@code atOrBefore}: the run that should have happened by then. */
    public Optional<Instant> previous(Instant atOrBefore, ZoneId zone) {
        LocalDate day = atOrBefore.atZone(zone).toLocalDate().plusDays(1);
        for (int i = 0; i < MAX_DAYS; i++, day = day.minusDays(1)) {
            if (!matches(day)) {
                continue;
            }
            for (int h = hours.previousSetBit(23); h >= 0; h = hours.previousSetBit(h - 1)) {
                for (int m = minutes.previousSetBit(59); m >= 0; m = minutes.previousSetBit(m - 1)) {
                    Instant candidate = fire(day, h, m, zone);
                    if (!candidate.isAfter(atOrBefore) && isFirstOccurrence(day, h, m, zone)) {
                        return Optional.of(candidate);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Instant fire(LocalDate day, int hour, int minute, ZoneId zone) {
        // ofLocal moves a time inside a gap forward and takes the earlier offset in an overlap
        return ZonedDateTime.ofLocal(LocalDateTime.of(day, java.time.LocalTime.of(hour, minute)), zone, null).toInstant();
    }

    /** Two local times in one gap map to the same instant; only the earlier one counts as a fire time. */
    private boolean isFirstOccurrence(LocalDate day, int hour, int minute, ZoneId zone) {
        Instant at = fire(day, hour, minute, zone);
        int m = minutes.previousSetBit(minute - 1);
        int h = hour;
        if (m < 0) {
            h = hours.previousSetBit(hour - 1);
            m = minutes.previousSetBit(59);
        }
        return h < 0 || m < 0 || !fire(day, h, m, zone).equals(at);
    }

    private boolean matches(LocalDate day) {
        if (!months.get(day.getMonthValue())) {
            return false;
        }
        boolean dom = daysOfMonth.get(day.getDayOfMonth());
        boolean dow = daysOfWeek.get(day.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : day.getDayOfWeek().getValue());
        if (anyDayOfMonth && anyDayOfWeek) {
            return true;
        }
        if (anyDayOfMonth) {
            return dow;
        }
        if (anyDayOfWeek) {
            return dom;
        }
        return dom || dow;
    }

    private static BitSet field(String text, int min, int max, String[] names, String what) {
        BitSet bits = new BitSet(max + 1);
        for (String part : text.split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), 1, max, null, what);
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max;
            } else if (range.indexOf('-') > 0) {
                from = number(range.substring(0, range.indexOf('-')), min, max, names, what);
                to = number(range.substring(range.indexOf('-') + 1), min, max, names, what);
                if (to < from) {
                    throw new IllegalArgumentException(DigestConfigMessages.cronRangeBackwards(what, range));
                }
            } else {
                from = number(range, min, max, names, what);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String text, int min, int max, String[] names, String what) {
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equalsIgnoreCase(text)) {
                    return names == MONTHS ? i + 1 : i;
                }
            }
        }
        try {
            int v = Integer.parseInt(text);
            if (v < min || v > max) {
                throw new IllegalArgumentException(DigestConfigMessages.cronOutOfRange(what, text, min, max));
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(DigestConfigMessages.cronNotANumber(what, text), e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
