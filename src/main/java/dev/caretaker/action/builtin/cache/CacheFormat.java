package dev.caretaker.action.builtin.cache;

import dev.caretaker.reply.Format;

import java.time.Duration;
import java.util.Locale;

/** How figures read in cache replies beyond the shared {@link dev.caretaker.action.builtin.BuiltinFormat}: decimals and TTLs. */
final class CacheFormat {

    private CacheFormat() {
    }

    static String decimal(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String ttl(java.util.Optional<Duration> ttl) {
        return ttl.map(Format::humanPrecise).orElse("none");
    }
}
