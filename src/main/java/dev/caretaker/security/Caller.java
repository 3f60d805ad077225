package dev.caretaker.security;

import dev.caretaker.config.Platform;

import java.util.Objects;
import java.util.Set;

/**
 * A person as a platform identifies them. {@code groupIds} are Slack user-group ids or Discord role ids
 * the adapter already knows for this person (may be empty; the resolver can look more up).
 */
public record Caller(Platform platform, String userId, String displayName, Set<String> groupIds) {

    public Caller {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(userId, "userId");
        displayName = displayName == null || displayName.isBlank() ? userId : displayName;
        groupIds = groupIds == null ? Set.of() : Set.copyOf(groupIds);
    }

    public static Caller console(String userName) {
        return new Caller(Platform.CONSOLE, userName, userName, Set.of());
    }

    /** A stable key for the person on their platform, e.g. {@code slack:U123}. */
    public String key() {
        return platform.id() + ":" + userId;
    }

    /** How replies name this person; platforms turn it into a mention. */
    public String mention() {
        return switch (platform) {
            case SLACK -> "<@" + userId + ">";
            case DISCORD -> "<@" + userId + ">";
            case CONSOLE -> displayName;
        };
    }
}
