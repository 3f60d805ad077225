package dev.caretaker.oncall;

import dev.caretaker.alert.AlertService;
import dev.caretaker.chat.ChatDouble;
import dev.caretaker.chat.Inbound;
import dev.caretaker.command.CommandInput;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.digest.MutableClock;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.security.Caller;
import dev.caretaker.store.AlertRecord;
import dev.caretaker.store.AlertStore;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.AuditQuery;
import dev.caretaker.store.AuditRecord;
import dev.caretaker.support.People;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who is on call with a fixed clock: the schedule across the October change, an override that spans a hand-off, a
 * swap, what {@code oncall} shows in the asker's zone, and the hand-off message, posted once.
 */
class OnCallTest {

    /** Sunday 26 October 2025, 21:00 in Berlin (CET, the clocks went back that morning): Carol's turn. */
    private static final Instant SUNDAY_EVENING = Instant.parse("2025-10-26T20:00:00Z");
    private static final Caller ALICE = new Caller(SlackPlatform.SLACK, "U_ALICE", "alice", Set.of());
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ChatDouble chat = new ChatDouble();
    private ApplicationContext context;
    private MutableClock clock;

    static Map<String, Object> rotationConfig(Map<String, Object> p) {
        p.put("caretaker.oncall.rotations", List.of(
                Map.of("name", "primary", "channel", "slack:CONCALL", "zone", "Europe/Berlin", "handoff", "monday 09:00",
                        "length", "1w", "start", "2025-10-06",
                        "people", List.of(
                                Map.of("name", "Alice", "slack", "U_ALICE", "discord", "111", "zone", "America/New_York"),
                                Map.of("name", "Bob", "slack", "U_BOB", "discord", "222", "phone", "+49 30 5550"),
                                Map.of("name", "Carol", "slack", "U_CAROL", "discord", "333")),
                        "escalation", List.of(Map.of("after", "15m", "to", "secondary"), Map.of("after", "30m", "to", "Dave"))),
                Map.of("name", "secondary", "zone", "Europe/Berlin", "handoff", "monday 09:00", "start", "2025-10-06",
                        "people", List.of(Map.of("name", "Erin", "slack", "U_ERIN", "discord", "555"),
                                Map.of("name", "Dave", "slack", "U_DAVE", "discord", "444")))));
        // Alice takes turns and has the operator role, to run overrides herself
        p.put("caretaker.roles.operator.slack-users", "U_OPERATOR,U_OPERATOR2,U_ALICE");
        return p;
    }

    @BeforeEach
    void start() {
        Map<String, Object> p = rotationConfig(OnCallContexts.properties(SUNDAY_EVENING.toString()));
        p.put("caretaker.maintenance.zone", "Europe/Berlin");
        context = OnCallContexts.start(p, chat);
        clock = context.getBean(MutableClock.class);
    }

    @AfterEach
    void stop() {
        context.close();
    }

    private String onCall(Instant at) {
        return context.getBean(OnCallService.class).onCall("primary", at).orElseThrow().name();
    }

    private String show(Caller who, String line) {
        Outcome o = OnCallContexts.run(context, who, line);
        assertInstanceOf(Outcome.Completed.class, o, ChatDouble.text(o.reply()));
        return ChatDouble.text(o.reply());
    }

    @Test
    void oncallShowsWhoIsOnCallNowAndNextInTheRotationsZoneOrTheAskersOwn() {
        String table = show(People.VIEWER, "oncall");
        assertTrue(table.contains("primary") && table.contains("Carol") && table.contains("Mon 27 Oct 09:00 CET")
                && table.contains("Alice from Mon 27 Oct 09:00 CET"), table);
        assertTrue(table.contains("secondary") && table.contains("Erin"), table);
        assertEquals(table, show(People.VIEWER, "oncall show"));
        String alicesView = show(ALICE, "oncall primary");
        assertTrue(alicesView.contains("Mon 27 Oct 04:00 EDT"), "Alice reads New York time: " + alicesView);
        assertTrue(!alicesView.contains("secondary"), alicesView);
        Outcome unknown = OnCallContexts.run(context, People.VIEWER, "oncall tertiary");
        assertEquals("There is no rotation `tertiary`; the rotations are primary, secondary.",
                ChatDouble.text(unknown.reply()).strip());
        Outcome typo = OnCallContexts.run(context, People.OPERATOR, "oncall overide @bob 4h");
        assertInstanceOf(Outcome.Rejected.class, typo);
        assertTrue(ChatDouble.text(typo.reply()).contains("Did you mean `oncall override`"), ChatDouble.text(typo.reply()));
    }

    @Test
    void slackDiscordAndTheConsoleAskTheSameWay() {
        Inbound inbound = context.getBean(Inbound.class);
        String fromSlack = ChatDouble.text(inbound.command(new Inbound.Request(People.VIEWER,
                ChannelAddress.parse("slack:COPS").orElseThrow(), new CommandInput.Text("oncall primary"), null, null)).reply());
        String fromDiscord = ChatDouble.text(inbound.command(new Inbound.Request(People.DISCORD_OPS,
                ChannelAddress.parse("discord:9001").orElseThrow(), new CommandInput.Parsed("oncall show",
                Map.of("rotation", "primary")), "interaction-1", null)).reply());
        String fromConsole = ChatDouble.text(inbound.command(new Inbound.Request(Caller.console("ops"),
                ChannelAddress.CONSOLE, new CommandInput.Text("oncall show primary"), null, null)).reply());
        assertTrue(fromSlack.contains("Carol"), fromSlack);
        assertEquals(fromSlack, fromDiscord);
        assertEquals(fromSlack, fromConsole);
        Inbound.Answer override = inbound.command(new Inbound.Request(People.DISCORD_OPS,
                ChannelAddress.parse("discord:9001").orElseThrow(), new CommandInput.Parsed("oncall override",
                Map.of("person", "<@333>", "duration", "1h")), "interaction-2", null));
        assertEquals(Inbound.Answer.Status.DONE, override.status(), ChatDouble.text(override.reply()));
        assertTrue(ChatDouble.text(override.reply()).startsWith("<@333> is on call for primary"),
                "the answer mentions the person as the channel's platform does: " + ChatDouble.text(override.reply()));
    }

    @Test
    void anOverrideThatSpansAHandOffWinsUntilItEndsByItself() {
        assertEquals("Carol", onCall(SUNDAY_EVENING));
        String answer = show(People.OPERATOR, "oncall override <@U_BOB> 24h");
        assertEquals("<@U_BOB> is on call for primary until Mon 27 Oct 21:00 CET (override); the schedule takes over again "
                + "then.", answer.strip());
        assertEquals("Bob", onCall(SUNDAY_EVENING));
        assertEquals("Bob", onCall(Instant.parse("2025-10-27T08:00:00Z")), "over Monday's 09:00 hand-off");
        assertEquals("Alice", onCall(Instant.parse("2025-10-27T20:00:00Z")), "the override ended by itself");

        clock.set(Instant.parse("2025-10-27T10:00:00Z"));
        String table = show(People.VIEWER, "oncall primary");
        assertTrue(table.contains("Bob") && table.contains("Mon 27 Oct 21:00 CET") && table.contains("override")
                && table.contains("Alice from Mon 27 Oct 21:00 CET"), table);
        OnCallService.Shift alice = context.getBean(OnCallService.class).shiftAt(
                context.getBean(Rotations.class).byName("primary").orElseThrow(), Instant.parse("2025-10-28T10:00:00Z"));
        assertEquals(Instant.parse("2025-10-27T20:00:00Z"), alice.from());
        assertEquals(Instant.parse("2025-11-03T08:00:00Z"), alice.until());

        List<AuditRecord> audit = context.getBean(AuditLog.class).search(new AuditQuery(null, "oncall override",
                SUNDAY_EVENING.minus(Duration.ofDays(1)), 10));
        assertEquals(1, audit.size());
        assertEquals("U_OPERATOR", audit.get(0).userId());
        assertEquals("oncall override <@U_BOB> 24h", audit.get(0).commandLine());
    }

    @Test
    void aSwapTradesWholeTurns() {
        // schedule: Alice from 27 Oct, Bob from 3 Nov, Carol from 10 Nov, Alice from 17 Nov
        String answer = show(People.OPERATOR, "oncall swap @bob Carol 2025-11-03 2025-11-17");
        assertEquals("Bob and Carol trade their turns in primary from Mon 3 Nov 09:00 CET until Mon 17 Nov 09:00 CET.",
                answer.strip());
        assertEquals("Alice", onCall(Instant.parse("2025-11-03T07:59:00Z")));
        assertEquals("Carol", onCall(Instant.parse("2025-11-03T08:00:00Z")));
        assertEquals("Bob", onCall(Instant.parse("2025-11-12T12:00:00Z")));
        assertEquals("Alice", onCall(Instant.parse("2025-11-17T08:00:00Z")));
        clock.set(Instant.parse("2025-11-05T12:00:00Z"));
        String table = show(People.VIEWER, "oncall primary");
        assertTrue(table.contains("Carol") && table.contains("swap") && table.contains("Bob from Mon 10 Nov 09:00 CET"),
                table);
        Outcome notTheirs = OnCallContexts.run(context, People.OPERATOR, "oncall swap Bob Erin 2025-11-03 2025-11-10");
        assertEquals("Say which rotation: primary, secondary.", ChatDouble.text(notTheirs.reply()).strip());
        Outcome outside = OnCallContexts.run(context, People.OPERATOR,
                "oncall swap Bob Erin 2025-11-03 2025-11-10 rotation=primary");
        assertEquals("Erin is not one of the people of primary; a swap trades turns within one rotation.",
                ChatDouble.text(outside.reply()).strip());
        Outcome nobody = OnCallContexts.run(context, People.OPERATOR, "oncall override @mallory 1h");
        assertEquals("`@mallory` is nobody in caretaker.oncall.rotations[].people; mention a person listed there, or use "
                + "their name.", ChatDouble.text(nobody.reply()).strip());
    }

    @Test
    void theHandOffMessageSaysWhoTakesOverWhatFiresWhatIsAckedAndTheWindowsOnceAtEachHandOff() throws Exception {
        AlertService alerts = context.getBean(AlertService.class);
        alerts.probeFiring(new ProbeResult("api", "http", ProbeStatus.CRITICAL, null, "", "HTTP 503", Duration.ZERO,
                clock.instant()), "critical");
        alerts.probeFiring(new ProbeResult("db", "disk", ProbeStatus.WARN, 85.0, "%", "disk 85% full", Duration.ZERO,
                clock.instant()), "warning");
        AlertRecord disk = context.getBean(AlertStore.class).byProbeFingerprint("db/disk").orElseThrow();
        alerts.ack(disk.id(), People.OPERATOR);
        show(People.OPERATOR, "maint on at=2025-10-27T22:00 duration=2h os updates targets=db");

        HandoffService handoffs = context.getBean(HandoffService.class);
        clock.set(Instant.parse("2025-10-27T07:59:59Z"));
        assertEquals(0, handoffs.runDue(), "Sunday's hand-off was a week ago");
        clock.set(Instant.parse("2025-10-27T08:00:05Z"));
        assertEquals(1, handoffs.runDue());
        assertEquals(0, handoffs.runDue(), "posted once");
        assertTrue(chat.await(WAIT, sent -> sent.stream().anyMatch(s -> "On-call hand-off: primary".equals(s.reply().header()))),
                chat.sent().toString());
        ChatDouble.Sent handoff = chat.posts().stream().filter(s -> "On-call hand-off: primary".equals(s.reply().header()))
                .findFirst().orElseThrow();
        assertEquals("slack:CONCALL", handoff.channel().toString());
        String text = ChatDouble.text(handoff.reply());
        assertTrue(text.contains("<@U_ALICE> takes over from Carol and is on call until Mon 3 Nov 09:00 CET."), text);
        assertTrue(text.contains("critical http on api"), text);
        assertTrue(text.contains("warning disk on db"), "acknowledged, not resolved: " + text);
        assertTrue(text.contains("planned: db until Tue 28 Oct 00:00 CET"), text);
    }
}
