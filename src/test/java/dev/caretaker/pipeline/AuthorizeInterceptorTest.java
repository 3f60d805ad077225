package dev.caretaker.pipeline;

import dev.caretaker.chat.discord.DiscordPlatform;
import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.reply.PlainText;
import dev.caretaker.security.Caller;
import dev.caretaker.security.RoleGrant;
import dev.caretaker.security.RoleResolver;
import dev.caretaker.security.RolesConfig;
import dev.caretaker.support.People;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class AuthorizeInterceptorTest {

    private final RoleResolver roles = new RoleResolver(new RolesConfig(List.of(
            new RoleGrant("operator", Map.of(
                    SlackPlatform.SLACK, new RoleGrant.Holders(Set.of("U_OPERATOR"), Set.of("S_OPS")),
                    DiscordPlatform.DISCORD, new RoleGrant.Holders(Set.of(), Set.of("R_OPS")))),
            new RoleGrant("dba", Map.of(SlackPlatform.SLACK, new RoleGrant.Holders(Set.of(), Set.of("S_DBA"))))),
            List.of("viewer"), List.of("admin")));
    private final AuthorizeInterceptor authorize = new AuthorizeInterceptor(roles);
    private final Invocations.Counting end = new Invocations.Counting();

    @Test
    void missingRoleIsDeniedWithOneSentenceAndNothingRuns() {
        var inv = Invocations.of(Invocations.plain("db terminate", "admin"), People.OPERATOR, null);
        Outcome o = authorize.apply(inv, end);
        assertInstanceOf(Outcome.Denied.class, o);
        assertEquals("You need the admin role to run `db terminate`. Ask an admin to add you under "
                + "`caretaker.roles.admin`.\n", PlainText.render(o.reply()));
        assertEquals(0, end.calls.get());
    }

    @Test
    void higherLevelsGrantLowerOnesAndGroupsGrantRoles() {
        authorize.apply(Invocations.of(Invocations.plain("status", "viewer"), People.OPERATOR, null), end);
        Caller inGroup = new Caller(SlackPlatform.SLACK, "U_NEW", "new", Set.of("S_DBA"));
        authorize.apply(Invocations.of(Invocations.plain("db slow", "dba"), inGroup, null), end);
        assertEquals(2, end.calls.get());
    }

    @Test
    void namedRoleIsNotImpliedByOperator() {
        Outcome o = authorize.apply(Invocations.of(Invocations.plain("db slow", "dba"), People.OPERATOR, null), end);
        assertInstanceOf(Outcome.Denied.class, o);
    }

    @Test
    void channelRestrictionAppliesToChatButNotToTheLocalConsole() {
        var spec = Invocations.spec("deploy", "viewer", false, 1, Duration.ZERO, Set.of("slack:CDEPLOY"));
        assertInstanceOf(Outcome.Denied.class, authorize.apply(Invocations.of(spec, People.OPERATOR, null), end));
        var console = new Invocation("r", Caller.console("root"), ChannelAddress.CONSOLE, spec,
                dev.caretaker.command.Args.none(), "deploy", java.time.Instant.now(), null, false, List.of(), null);
        assertInstanceOf(Outcome.Completed.class, authorize.apply(console, end));
    }
}
