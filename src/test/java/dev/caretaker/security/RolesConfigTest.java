package dev.caretaker.security;

import dev.caretaker.chat.discord.DiscordPlatform;
import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.config.Platforms;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Role grants are read with the keys each platform declares; the keys people already use keep working. */
class RolesConfigTest {

    private static final Platforms PLATFORMS = new Platforms(List.of(SlackPlatform.SPEC, DiscordPlatform.SPEC));

    private static List<RoleGrant> fromYaml(String yaml) throws Exception {
        Map<String, Object> read = new YamlPropertySourceLoader().read("test.yml",
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        return RolesConfig.read(new PropertySourcePropertyResolver(PropertySource.of("test", read)), PLATFORMS);
    }

    @Test
    void theSlackAndDiscordKeysOfTheExampleConfigurationAreRead() throws Exception {
        List<RoleGrant> grants = fromYaml("""
                caretaker:
                  roles:
                    admin:
                      slack-users: [U0123ADMIN]
                      discord-users: ["112233445566778899"]
                    operator:
                      slack-usergroups: [S0123OPS]
                      discord-roles: ["998877665544332211"]
                """);
        assertEquals(List.of("admin", "operator"), grants.stream().map(RoleGrant::name).toList());
        RoleGrant admin = grants.get(0);
        assertEquals(new RoleGrant.Holders(Set.of("U0123ADMIN"), Set.of()), admin.holders().get(SlackPlatform.SLACK));
        assertEquals(new RoleGrant.Holders(Set.of("112233445566778899"), Set.of()),
                admin.holders().get(DiscordPlatform.DISCORD));
        RoleGrant operator = grants.get(1);
        assertEquals(Set.of("S0123OPS"), operator.groups(SlackPlatform.SLACK));
        assertEquals(Set.of("998877665544332211"), operator.groups(DiscordPlatform.DISCORD));

        RolesConfig config = new RolesConfig(grants, List.of("viewer"), List.of("admin"));
        RoleResolver resolver = new RoleResolver(config);
        assertEquals(Set.of("operator"), resolver.rolesOf(
                new Caller(SlackPlatform.SLACK, "U9", "nine", Set.of("S0123OPS"))));
        assertEquals(Set.of("admin"), resolver.rolesOf(
                new Caller(DiscordPlatform.DISCORD, "112233445566778899", "a", Set.of())));
        assertEquals(Set.of("viewer"), resolver.rolesOf(
                new Caller(DiscordPlatform.DISCORD, "U0123ADMIN", "same id, other platform", Set.of())));
        assertEquals(Set.of("S0123OPS"), config.groupIds(SlackPlatform.SLACK));
    }

    @Test
    void commaSeparatedValuesAsFromTheEnvironmentAreLists() {
        List<RoleGrant> grants = RolesConfig.read(new PropertySourcePropertyResolver(PropertySource.of("test",
                Map.of("caretaker.roles.operator.slack-users", "U1, U2"))), PLATFORMS);
        assertEquals(Set.of("U1", "U2"), grants.get(0).holders().get(SlackPlatform.SLACK).users());
    }

    @Test
    void anUnknownRoleSettingIsOneSentenceNamingTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> fromYaml("""
                caretaker:
                  roles:
                    operator:
                      slack-user: [U1]
                """));
        assertEquals("`caretaker.roles.operator.slack-user` is not a role setting; list people under "
                + "discord-users, discord-roles, slack-users or slack-usergroups.", e.getMessage());
    }
}
