package dev.caretaker.security;

import dev.caretaker.config.Platform;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who holds one role, per platform: {@code caretaker.roles.<role>.<platform's users key / groups key>}, e.g.
 * {@code slack-users}, {@code slack-usergroups}, {@code discord-users}, {@code discord-roles}.
 */
public record RoleGrant(String name, Map<Platform, Holders> holders) {

    /** The user ids listed for one platform, and the groups (user groups, server roles) whose members hold the role. */
    public record Holders(Set<String> users, Set<String> groups) {

        public Holders {
            users = users == null ? Set.of() : Set.copyOf(users);
            groups = groups == null ? Set.of() : Set.copyOf(groups);
        }
    }

    public RoleGrant {
        Objects.requireNonNull(name, "name");
        holders = holders == null ? Map.of() : Map.copyOf(holders);
    }

    /** Whether the caller is listed by id or is in one of the listed groups of their platform. */
    public boolean holds(Caller caller) {
        Holders h = holders.get(caller.platform());
        return h != null && (h.users().contains(caller.userId())
                || h.groups().stream().anyMatch(caller.groupIds()::contains));
    }

    /** The group ids listed for one platform (may be empty). */
    public Set<String> groups(Platform platform) {
        Holders h = holders.get(platform);
        return h == null ? Set.of() : h.groups();
    }
}
