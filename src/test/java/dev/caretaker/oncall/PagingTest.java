package dev.caretaker.oncall;

import dev.caretaker.alert.AlertService;
import dev.caretaker.chat.ChatDouble;
import dev.caretaker.chat.discord.DiscordPlatform;
import dev.caretaker.digest.DigestService;
import dev.caretaker.digest.MutableClock;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.store.AlertRecord;
import dev.caretaker.store.AlertStore;
import dev.caretaker.support.People;
import dev.caretaker.support.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Paging through the route's rotation: a critical alert mentions whoever is on call (on each platform as that platform
 * mentions them), escalates along the rotation's steps, each step once, until someone acknowledges it; a route's quiet
 * hours hold warnings for the morning digest while criticals still page.
 */
class PagingTest {

    /** Monday 20 October 2025, 12:00 in Berlin: Carol is on call in primary, Erin in secondary. */
    private static final Instant NOON = Instant.parse("2025-10-20T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ChatDouble slack = new ChatDouble();
    private final ChatDouble discord = new ChatDouble(DiscordPlatform.DISCORD);
    private ApplicationContext context;
    private MutableClock clock;
    private AlertService alerts;

    @BeforeEach
    void start() {
        Map<String, Object> p = OnCallTest.rotationConfig(OnCallContexts.properties(NOON.toString()));
        p.put("caretaker.alerts.routes", List.of(
                Map.of("match", Map.of("severity", "critical"), "channels", List.of("slack:CPAGE", "discord:9001"),
                        "rotation", "primary"),
                Map.of("match", Map.of("severity", "warning"), "channels", List.of("slack:CWARN"),
                        "quiet-hours", Map.of("from", "22:00", "to", "08:00", "zone", "Europe/Berlin"))));
        p.put("caretaker.digests", List.of(Map.of("name", "morning", "channel", "slack:CWARN", "cron", "0 9 * * *",
                "zone", "Europe/Berlin", "sections", List.of("quiet-hours"))));
        context = OnCallContexts.start(p, slack, discord);
        clock = context.getBean(MutableClock.class);
        alerts = context.getBean(AlertService.class);
    }

    @AfterEach
    void stop() {
        context.close();
    }

    private void fire(String target, String severity) {
        alerts.probeFiring(new ProbeResult(target, "http", "critical".equals(severity) ? ProbeStatus.CRITICAL : ProbeStatus.WARN,
                null, "", target + " answered HTTP 503", Duration.ZERO, clock.instant()), severity);
    }

    private AlertRecord alert(String target) {
        return context.getBean(AlertStore.class).byProbeFingerprint(target + "/http").orElseThrow();
    }

    /** Escalation replies enqueued for an alert: written in the transaction that records the step, so final at once. */
    private List<String> escalationsOf(AlertRecord a) throws Exception {
        try (Connection c = TestDatabase.connect(context); PreparedStatement ps = c.prepareStatement(
                "select o.reply::text from outbox o join outbox_lanes l on l.id = o.lane_id "
                        + "where l.message_key like ? and l.channel = 'slack:CPAGE' order by o.id")) {
            ps.setString(1, "alert-group:" + a.groupId() + ":%:escalation:" + a.id() + ":%");
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }

    @Test
    void aCriticalAlertMentionsThePersonOnCallOnEachPlatform() throws Exception {
        fire("api", "critical");
        assertTrue(slack.await(WAIT, s -> !s.isEmpty()) && discord.await(WAIT, s -> !s.isEmpty()));
        String onSlack = ChatDouble.text(slack.posts().get(0).reply());
        assertTrue(onSlack.contains("<@U_CAROL> api answered HTTP 503"), onSlack);
        String onDiscord = ChatDouble.text(discord.posts().get(0).reply());
        assertTrue(onDiscord.contains("<@333> api answered HTTP 503"), onDiscord);
    }

    @Test
    void escalationTakesEachStepOnceAfterItsDelayAndStopsWhenAcknowledged() throws Exception {
        fire("api", "critical");
        fire("web", "critical");
        AlertRecord api = alert("api");
        AlertRecord web = alert("web");
        clock.advance(Duration.ofMinutes(10));
        assertTrue(alerts.ack(web.id(), People.OPERATOR).done());

        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        alerts.runTimers();
        assertEquals(List.of(), escalationsOf(api), "14m59s: not yet");

        clock.advance(Duration.ofSeconds(1));
        alerts.runTimers();
        alerts.runTimers();
        clock.advance(Duration.ofMinutes(5));
        alerts.runTimers();
        List<String> first = escalationsOf(api);
        assertEquals(1, first.size(), "step 1 once, however often the timers run: " + first);
        assertTrue(first.get(0).contains("Escalating to <@U_ERIN> (step 1 of 2): http on api is still unacknowledged after 15m."),
                first.get(0));
        assertEquals(1, alert("api").escalationStep());
        assertEquals("Erin", alert("api").escalatedTo());

        clock.set(NOON.plus(Duration.ofMinutes(30)));
        alerts.runTimers();
        alerts.runTimers();
        List<String> both = escalationsOf(api);
        assertEquals(2, both.size(), both.toString());
        assertTrue(both.get(1).contains("Escalating to <@U_DAVE> (step 2 of 2)"), both.get(1));
        clock.set(NOON.plus(Duration.ofHours(2)));
        alerts.runTimers();
        assertEquals(2, escalationsOf(api).size(), "no step after the last");
        assertEquals(2, alert("api").escalationStep());

        assertEquals(List.of(), escalationsOf(web), "acknowledged at 10m: never escalated");
        assertEquals(0, alert("web").escalationStep());
        assertTrue(slack.await(WAIT, s -> s.stream().filter(x -> x.kind().equals("thread")
                && ChatDouble.text(x.reply()).contains("Escalating to <@U_DAVE>")).count() == 1), slack.sent().toString());
        assertTrue(discord.await(WAIT, s -> s.stream().anyMatch(x -> x.kind().equals("thread")
                && ChatDouble.text(x.reply()).contains("Escalating to <@444>"))), discord.sent().toString());
    }

    @Test
    void aWarningDuringQuietHoursIsHeldAndShownInTheNextMorningsDigestWhileCriticalsPage() throws Exception {
        clock.set(Instant.parse("2025-10-20T20:59:00Z"));   // 22:59 in Berlin
        fire("cache", "warning");
        fire("db", "critical");
        assertTrue(alert("cache").held());
        assertEquals(AlertRecord.QUIET, alert("cache").hold());
        assertFalse(alert("db").held(), "criticals always page");
        assertTrue(slack.await(WAIT, s -> s.stream().anyMatch(x -> x.channel().toString().equals("slack:CPAGE"))));

        clock.set(Instant.parse("2025-10-21T07:00:02Z"));   // 09:00:02 in Berlin
        assertEquals(1, context.getBean(DigestService.class).runDue().size());
        assertTrue(slack.await(WAIT, s -> s.stream().anyMatch(x -> x.channel().toString().equals("slack:CWARN"))),
                slack.sent().toString());
        List<ChatDouble.Sent> inWarn = slack.posts().stream().filter(x -> x.channel().toString().equals("slack:CWARN")).toList();
        assertEquals(1, inWarn.size(), "the digest is the only message there: " + inWarn);
        String digest = ChatDouble.text(inWarn.get(0).reply());
        assertTrue(digest.contains("Held during quiet hours"), digest);
        assertTrue(digest.contains("#" + alert("cache").id() + " warning http on cache (still firing), held at Mon 20 Oct 22:59 CEST"),
                digest);

        clock.set(Instant.parse("2025-10-21T06:00:00Z"));   // 08:00: quiet hours are over
        fire("queue", "warning");
        assertFalse(alert("queue").held());
    }

    @Test
    void aWarningHeldForQuietHoursIsPostedOnceItTurnsCritical() throws Exception {
        clock.set(Instant.parse("2025-10-20T22:30:00Z"));
        fire("cache", "warning");
        assertTrue(alert("cache").held());
        fire("cache", "critical");
        assertEquals(AlertRecord.POSTED_WHEN_CRITICAL, alert("cache").holdOutcome());
        assertTrue(slack.await(WAIT, s -> s.stream().anyMatch(x -> x.channel().toString().equals("slack:CPAGE")
                && ChatDouble.text(x.reply()).contains("<@U_CAROL>"))), slack.sent().toString());
    }
}
