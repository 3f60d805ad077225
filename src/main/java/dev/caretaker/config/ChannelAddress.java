package dev.caretaker.config;

import java.util.Objects;
import java.util.Optional;

/** Where a message goes: {@code slack:C0123ABCD}, {@code discord:112233445566778899} or {@code console}. */
public record ChannelAddress(Platform platform, String id) {

    public static final ChannelAddress CONSOLE = new ChannelAddress(Platform.CONSOLE, "");

    public ChannelAddress {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(id, "id");
    }

    public static ChannelAddress slack(String channelId) {
        return new ChannelAddress(Platform.SLACK, channelId);
    }

    public static ChannelAddress discord(String channelId) {
        return new ChannelAddress(Platform.DISCORD, channelId);
    }

    /** Parses the textual form; empty when it is not one of the three shapes. */
    public static Optional<ChannelAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        if (t.equals("console")) {
            return Optional.of(CONSOLE);
        }
        int colon = t.indexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            return Optional.empty();
        }
        String id = t.substring(colon + 1);
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            return Optional.empty();
        }
        return Platform.fromId(t.substring(0, colon))
                .filter(p -> p != Platform.CONSOLE)
                .map(p -> new ChannelAddress(p, id));
    }

    @Override
    public String toString() {
        return platform == Platform.CONSOLE ? "console" : platform.id() + ":" + id;
    }
}
