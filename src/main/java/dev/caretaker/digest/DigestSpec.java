package dev.caretaker.digest;

import dev.caretaker.config.ChannelAddress;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * One digest from {@code caretaker.digests[]}: where it goes, when (cron in a zone), and which sections it has.
 *
 * @param name identifies the digest in {@code digest_runs}; the channel address unless configured
 */
public record DigestSpec(String name, ChannelAddress channel, Cron cron, ZoneId zone, List<String> sections) {

    public DigestSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(zone, "zone");
        sections = List.copyOf(sections);
    }
}
