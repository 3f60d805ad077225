package dev.caretaker.security;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Every role grant from config, the roles of people listed nowhere, and the console user's roles. */
@Singleton
public final class RolesConfig {

    private final List<RoleGrant> grants;
    private final Set<String> defaultRoles;
    private final Set<String> consoleRoles;

    public RolesConfig(List<RoleGrant> grants,
                       @Value("${caretaker.default-roles:viewer}") List<String> defaultRoles,
                       @Value("${caretaker.console.roles:admin}") List<String> consoleRoles) {
        this.grants = List.copyOf(grants);
        this.defaultRoles = Set.copyOf(defaultRoles);
        this.consoleRoles = Set.copyOf(consoleRoles);
    }

    public List<RoleGrant> grants() {
        return grants;
    }

    public Set<String> defaultRoles() {
        return defaultRoles;
    }

    public Set<String> consoleRoles() {
        return consoleRoles;
    }

    /**
     * The built-in levels and every role granted under {@code caretaker.roles}; commands, default roles
     * and console roles may name only these, so a typo fails the boot instead of locking people out.
     */
    public Set<String> knownRoles() {
        Set<String> known = new TreeSet<>(Role.LEVELS);
        grants.forEach(g -> known.add(g.name()));
        return known;
    }

    /** Every Slack user-group id named in any grant; the Slack adapter looks up their members. */
    public Set<String> slackUsergroups() {
        Set<String> ids = new LinkedHashSet<>();
        grants.forEach(g -> ids.addAll(g.slackUsergroups()));
        return ids;
    }
}
