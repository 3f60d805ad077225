package dev.caretaker.oncall;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * {@code caretaker.maintenance} as written in config; {@link MaintenanceConfig} checks it. Values stay text here so
 * that a bad one is reported in one sentence naming its key.
 *
 * @param channels    where the start and end banners go (default: {@code caretaker.alerts.default-channels})
 * @param zone        the zone banners give times in, and {@code at=} times without an offset are read in
 * @param maxDuration the longest window anyone may open (default 7d)
 */
@ConfigurationProperties("caretaker.maintenance")
public record MaintenanceSettings(@Nullable List<String> channels, @Nullable String zone, @Nullable String maxDuration,
                                  @Nullable Hook hook) {

    /**
     * A command line run through the pipeline when a window starts and when it ends, as {@code as} (a person's address
     * such as {@code slack:U0CARETAKER}, or {@code console}); audited like anyone's command.
     */
    @ConfigurationProperties("hook")
    public record Hook(@Nullable String start, @Nullable String end, @Nullable String as) {
    }
}
