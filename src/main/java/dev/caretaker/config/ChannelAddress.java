package dev.caretaker.config;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** Where a message goes: {@code <platform>:<id>} such as {@code slack:C0123ABCD}, or {@code console}. */
public record ChannelAddress(Platform platform, String id) {

    public static final ChannelAddress CONSOLE = new ChannelAddress(Platform.CONSOLE, "");

    /** Any id without spaces; each platform's {@link PlatformSpec#channelId()} says what its ids look like. */
    private static final Pattern ANY_ID = Pattern.compile("\\S{1,128}");

    public ChannelAddress {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(id, "id");
    }

    /**
     * Reads the shape only ({@code <platform>:<id>} or {@code console}), for addresses Caretaker wrote itself (outbox
     * lanes, pending requests, alert groups). Addresses from config and from users go through
     * {@link Platforms#address(String)}, which also knows which platforms exist.
     */
    public static Optional<ChannelAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        if (t.equals(Platform.CONSOLE.id())) {
            return Optional.of(CONSOLE);
        }
        int colon = t.indexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            return Optional.empty();
        }
        String id = t.substring(colon + 1);
        if (!ANY_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return Platform.fromId(t.substring(0, colon))
                .filter(p -> !p.equals(Platform.CONSOLE))
                .map(p -> new ChannelAddress(p, id));
    }

    @Override
    public String toString() {
        return platform.equals(Platform.CONSOLE) ? Platform.CONSOLE.id() : platform.id() + ":" + id;
    }
}
