package dev.caretaker.security;

import jakarta.inject.Singleton;

import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a platform identity to roles from config. The same person listed on both platforms gets the
 * same roles on both; people listed nowhere get {@code caretaker.default-roles}.
 */
@Singleton
public final class RoleResolver {

    private final RolesConfig config;

    public RoleResolver(RolesConfig config) {
        this.config = config;
    }

    public Set<String> rolesOf(Caller caller) {
        Set<String> roles = new TreeSet<>();
        switch (caller.platform()) {
            case CONSOLE -> roles.addAll(config.consoleRoles());
            case SLACK -> config.grants().forEach(g -> {
                if (g.slackUsers().contains(caller.userId())
                        || g.slackUsergroups().stream().anyMatch(caller.groupIds()::contains)) {
                    roles.add(g.name());
                }
            });
            case DISCORD -> config.grants().forEach(g -> {
                if (g.discordUsers().contains(caller.userId())
                        || g.discordRoles().stream().anyMatch(caller.groupIds()::contains)) {
                    roles.add(g.name());
                }
            });
        }
        if (roles.isEmpty()) {
            roles.addAll(config.defaultRoles());
        }
        return roles;
    }

    /** Whether the caller may do what needs {@code required}. */
    public AccessDecision check(Caller caller, String required) {
        Set<String> held = rolesOf(caller);
        return Role.satisfies(held, required) ? new AccessDecision.Allowed(held)
                : new AccessDecision.MissingRole(held, required);
    }
}
