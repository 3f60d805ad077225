package dev.caretaker.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a chat platform declares about itself, contributed as a bean by its adapter package, so that channel
 * addresses and role settings for it need no edit in {@code config} or {@code security}.
 *
 * @param channelId the shape of the id in a channel address {@code <platform>:<id>}
 * @param usersKey  the role setting that lists user ids: {@code caretaker.roles.<role>.<usersKey>}
 * @param groupsKey the role setting that lists groups whose members hold the role (Slack user groups, Discord
 *                  roles); empty when the platform has no groups
 */
public record PlatformSpec(Platform platform, Pattern channelId, String usersKey, Optional<String> groupsKey) {

    /** Channel ids as every platform so far writes them: letters, digits, {@code _} and {@code -}. */
    public static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public PlatformSpec {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(usersKey, "usersKey");
        groupsKey = groupsKey == null ? Optional.empty() : groupsKey;
        if (platform.equals(Platform.CONSOLE)) {
            throw new IllegalArgumentException("the console is built in; it is not declared as a platform");
        }
    }

    /** A platform with plain channel ids whose roles are listed under {@code <id>-users} and {@code <id>-groups}. */
    public static PlatformSpec of(String id) {
        return new PlatformSpec(new Platform(id), PLAIN_ID, id + "-users", Optional.of(id + "-groups"));
    }

    /** The same platform with other role setting names (Slack and Discord keep the names their users know). */
    public PlatformSpec withRoleKeys(String users, String groups) {
        return new PlatformSpec(platform, channelId, users, Optional.of(groups));
    }

    /** Every role setting this platform reads, users first. */
    public List<String> roleKeys() {
        return groupsKey.map(g -> List.of(usersKey, g)).orElse(List.of(usersKey));
    }
}
