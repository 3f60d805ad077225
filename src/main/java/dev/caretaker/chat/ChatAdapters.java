package dev.caretaker.chat;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platform;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The adapters that are switched on, by platform: where a message for a channel address goes. */
@Singleton
public final class ChatAdapters {

    private final Map<Platform, ChatAdapter> byPlatform = new LinkedHashMap<>();

    public ChatAdapters(List<ChatAdapter> adapters) {
        adapters.forEach(a -> byPlatform.put(a.platform(), a));
    }

    public Optional<ChatAdapter> forChannel(ChannelAddress channel) {
        return Optional.ofNullable(byPlatform.get(channel.platform()));
    }

    /** The platforms whose adapter is switched on. */
    public Set<Platform> live() {
        return Set.copyOf(byPlatform.keySet());
    }
}
