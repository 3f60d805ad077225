package dev.caretaker.security;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/** Who holds one role: {@code caretaker.roles.<role>.slack-users / slack-usergroups / discord-users / discord-roles}. */
@EachProperty("caretaker.roles")
public record RoleGrant(@Parameter String name,
                        @Nullable List<String> slackUsers,
                        @Nullable List<String> slackUsergroups,
                        @Nullable List<String> discordUsers,
                        @Nullable List<String> discordRoles) {

    public RoleGrant {
        slackUsers = slackUsers == null ? List.of() : List.copyOf(slackUsers);
        slackUsergroups = slackUsergroups == null ? List.of() : List.copyOf(slackUsergroups);
        discordUsers = discordUsers == null ? List.of() : List.copyOf(discordUsers);
        discordRoles = discordRoles == null ? List.of() : List.copyOf(discordRoles);
    }
}
