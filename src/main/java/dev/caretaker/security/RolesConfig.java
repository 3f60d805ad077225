package dev.caretaker.security;

import dev.caretaker.config.Platform;
import dev.caretaker.config.PlatformSpec;
import dev.caretaker.config.Platforms;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.type.Argument;
import io.micronaut.core.value.PropertyResolver;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every role grant from config, the roles of people listed nowhere, and the console user's roles. A grant lists
 * people per platform under the role settings each platform declares ({@link PlatformSpec#usersKey()},
 * {@link PlatformSpec#groupsKey()}), so a new platform's roles are read without an edit here.
 */
@Singleton
public final class RolesConfig {

    static final String PREFIX = "caretaker.roles";

    private final List<RoleGrant> grants;
    private final Set<String> defaultRoles;
    private final Set<String> consoleRoles;

    @Inject
    public RolesConfig(PropertyResolver properties, Platforms platforms, RoleDefaults defaults) {
        this(read(properties, platforms), defaults.defaultRoles(), defaults.consoleRoles());
    }

    public RolesConfig(List<RoleGrant> grants, Collection<String> defaultRoles, Collection<String> consoleRoles) {
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

    /** Every group id any grant names on {@code platform}; an adapter looks up who is in them (Slack user groups). */
    public Set<String> groupIds(Platform platform) {
        Set<String> ids = new LinkedHashSet<>();
        grants.forEach(g -> ids.addAll(g.groups(platform)));
        return ids;
    }

    /** Reads {@code caretaker.roles.<role>.<key>} for every role, with the keys the known platforms declare. */
    static List<RoleGrant> read(PropertyResolver properties, Platforms platforms) {
        Map<String, PlatformSpec> byKey = new LinkedHashMap<>();
        for (PlatformSpec spec : platforms.all()) {
            spec.roleKeys().forEach(k -> byKey.put(k, spec));
        }
        List<String> problems = new ArrayList<>();
        List<RoleGrant> grants = new ArrayList<>();
        for (String role : new TreeSet<>(properties.getPropertyEntries(PREFIX))) {
            Map<Platform, Set<String>> users = new LinkedHashMap<>();
            Map<Platform, Set<String>> groups = new LinkedHashMap<>();
            for (String key : new TreeSet<>(properties.getPropertyEntries(PREFIX + "." + role))) {
                PlatformSpec spec = byKey.get(key);
                if (spec == null) {
                    problems.add(RoleMessages.unknownRoleSetting(PREFIX + "." + role + "." + key, byKey.keySet()));
                    continue;
                }
                List<String> ids = properties.get(PREFIX + "." + role + "." + key, Argument.listOf(String.class))
                        .orElse(List.of());
                (key.equals(spec.usersKey()) ? users : groups)
                        .computeIfAbsent(spec.platform(), p -> new LinkedHashSet<>())
                        .addAll(ids.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
            }
            Map<Platform, RoleGrant.Holders> holders = new LinkedHashMap<>();
            Set<Platform> listed = new LinkedHashSet<>(users.keySet());
            listed.addAll(groups.keySet());
            listed.forEach(p -> holders.put(p, new RoleGrant.Holders(users.get(p), groups.get(p))));
            grants.add(new RoleGrant(role, holders));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join(" ", problems));
        }
        return grants;
    }
}
