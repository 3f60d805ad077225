package dev.caretaker.action.builtin.db;

import dev.caretaker.reply.Format;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** How figures read in db replies beyond the shared {@link dev.caretaker.action.builtin.BuiltinFormat}: ages and milliseconds. */
final class DbFormat {

    private DbFormat() {
    }

    static String ago(Optional<Instant> when, Instant now) {
        return when.map(w -> Format.human(Duration.between(w, now)) + " ago").orElse("never");
    }

    static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1_000_000.0);
    }
}
