package dev.caretaker.security;

import dev.caretaker.config.Platform;
import jakarta.inject.Singleton;

import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a platform identity to roles from config. The same person listed on two platforms gets the same roles on
 * both; people listed nowhere get {@code caretaker.default-roles}; the console user gets {@code caretaker.console.roles};
 * a scheduled command runs with the one role its schedule names ({@link Caller#schedule}).
 */
@Singleton
public final class RoleResolver {

    private final RolesConfig config;

    public RoleResolver(RolesConfig config) {
        this.config = config;
    }

    public Set<String> rolesOf(Caller caller) {
        Set<String> roles = new TreeSet<>();
        if (caller.platform().equals(Platform.SCHEDULE)) {
            // a schedule acts with exactly the role its configuration names (`as`), never the default roles
            return Set.copyOf(caller.groupIds());
        }
        if (caller.platform().equals(Platform.CONSOLE)) {
            roles.addAll(config.consoleRoles());
        } else {
            config.grants().stream().filter(g -> g.holds(caller)).forEach(g -> roles.add(g.name()));
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
