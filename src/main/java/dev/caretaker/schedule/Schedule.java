package dev.caretaker.schedule;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.digest.Cron;

import java.time.ZoneId;
import java.util.Objects;

/**
 * A checked entry of {@code caretaker.schedules[]}: run {@code command} as {@code as} on the {@code cron} in
 * {@code zone}, and post what came of it to {@code channel} (when {@code quiet}, only a failure or a warning).
 *
 * @param key where it is configured, e.g. {@code caretaker.schedules[0]}
 */
public record Schedule(String name, String key, Cron cron, ZoneId zone, String command, ChannelAddress channel,
                       String as, boolean quiet) {

    public Schedule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(as, "as");
    }
}
