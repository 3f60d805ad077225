package dev.caretaker.chat.pigeon;

import dev.caretaker.alert.AlertRoutes;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platforms;
import dev.caretaker.digest.DigestConfig;
import dev.caretaker.pipeline.CommandCatalog;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.PlainText;
import dev.caretaker.security.Caller;
import dev.caretaker.security.RoleResolver;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A new platform is one more package: its roles and channel addresses come from config with no edit elsewhere. */
class NewPlatformTest {

    private static final Caller OLIVE = new Caller(PigeonPlatform.PIGEON, "olive", "Olive", Set.of());
    private static final Caller CREW = new Caller(PigeonPlatform.PIGEON, "pat", "Pat", Set.of("loft-crew"));
    private static final Caller STRANGER = new Caller(PigeonPlatform.PIGEON, "sam", "Sam", Set.of("elsewhere"));

    private static Map<String, Object> pigeonConfig() {
        return Map.of(PigeonPlatform.SWITCH, "true",
                "caretaker.roles.operator.pigeon-users", List.of("olive"),
                "caretaker.roles.dba.pigeon-groups", List.of("loft-crew"),
                "caretaker.alerts.routes", List.of(Map.of("match", Map.of("service", "loft"),
                        "channels", List.of("pigeon:loft-1"))),
                "caretaker.alerts.default-channels", List.of("pigeon:roof", "slack:C0OPS"),
                "caretaker.digests", List.of(Map.of("channel", "pigeon:loft-2")));
    }

    @Test
    void rolesAndChannelAddressesOfATestOnlyPlatformComeFromConfig() {
        try (ApplicationContext ctx = TestContexts.start(pigeonConfig())) {
            RoleResolver roles = ctx.getBean(RoleResolver.class);
            assertEquals(Set.of("operator"), roles.rolesOf(OLIVE));
            assertEquals(Set.of("dba"), roles.rolesOf(CREW));
            assertEquals(Set.of("viewer"), roles.rolesOf(STRANGER), "listed nowhere: the default roles");

            ChannelAddress loft = ctx.getBean(Platforms.class).address("pigeon:loft-1").orElseThrow();
            assertEquals(List.of(loft), ctx.getBean(AlertRoutes.class).route(Map.of("service", "loft")).channels());
            assertEquals("[pigeon:roof, slack:C0OPS]",
                    ctx.getBean(AlertRoutes.class).route(Map.of("service", "web")).channels().toString());
            assertEquals("pigeon:loft-2", ctx.getBean(DigestConfig.class).digests().get(0).channel().toString());

            Dispatcher dispatcher = ctx.getBean(Dispatcher.class);
            Outcome whoami = dispatcher.dispatch(new CommandRequest(OLIVE, loft, "whoami", "p-1"));
            String text = PlainText.render(whoami.reply());
            assertTrue(text.contains("operator") && text.contains("pigeon"), text);
            Outcome denied = dispatcher.dispatch(new CommandRequest(STRANGER, loft, "audit", "p-2"));
            assertInstanceOf(Outcome.Denied.class, denied);
            assertTrue(PlainText.render(denied.reply()).startsWith("You need the operator role to run `audit`."),
                    PlainText.render(denied.reply()));
        }
    }

    @Test
    void withoutThePlatformItsAddressesAndRoleSettingsFailTheBootNamingTheKey() {
        Map<String, Object> routes = Map.of("caretaker.alerts.default-channels", List.of("pigeon:roof"));
        assertEquals("`caretaker.alerts.default-channels` has `pigeon:roof`, which is not a channel address; use "
                + "slack:C0123ABCD, discord:112233445566778899 or console.", bootFailure(routes));

        Map<String, Object> roles = Map.of("caretaker.roles.operator.pigeon-users", List.of("olive"));
        assertEquals("`caretaker.roles.operator.pigeon-users` is not a role setting; list people under "
                + "discord-users, discord-roles, slack-users or slack-usergroups.", bootFailure(roles));
    }

    private static String bootFailure(Map<String, Object> overrides) {
        // every mode builds the command catalogue (and with it the roles) as it starts, as Application does
        Throwable e = assertThrows(RuntimeException.class, () -> {
            try (ApplicationContext ctx = TestContexts.start(overrides)) {
                ctx.getBean(CommandCatalog.class);
            }
        });
        while (e.getCause() != null && !(e instanceof ConfigurationException)) {
            e = e.getCause();
        }
        assertInstanceOf(ConfigurationException.class, e);
        return e.getMessage();
    }
}
