package dev.caretaker.security;

import dev.caretaker.config.Platform;

import java.util.Objects;
import java.util.Set;

/**
 * A person as a platform identifies them. {@code groupIds} are the groups the adapter already knows this person is
 * in (Slack user-group ids, Discord role ids; may be empty); for a schedule ({@link #schedule}), the role it runs as.
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

    /**
     * Caretaker running the scheduled command {@code name} with the role {@code as}: the audit shows it as
     * {@code schedule:<name>}, and the pipeline checks the command's role against {@code as} alone.
     */
    public static Caller schedule(String name, String as) {
        return new Caller(Platform.SCHEDULE, name, "schedule:" + name, Set.of(as));
    }

    /** A stable key for the person on their platform, e.g. {@code slack:U123}. */
    public String key() {
        return platform.id() + ":" + userId;
    }

    /**
     * How replies name this person: {@code <@id>}, the mention markup replies carry (Slack and Discord read it as
     * it is; a renderer for another platform translates it); the console has no ids to mention, so its user is named.
     */
    public String mention() {
        return platform.equals(Platform.CONSOLE) || platform.equals(Platform.SCHEDULE) ? displayName
                : "<@" + userId + ">";
    }
}
