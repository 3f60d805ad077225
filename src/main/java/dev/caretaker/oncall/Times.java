package dev.caretaker.oncall;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How on-call and maintenance messages write a time: {@code Mon 20 Oct 09:00 CEST}, in the reader's zone. */
final class Times {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE d MMM HH:mm zzz", Locale.ENGLISH);

    private Times() {
    }

    static String at(Instant instant, ZoneId zone) {
        return FORMAT.format(instant.atZone(zone));
    }
}
