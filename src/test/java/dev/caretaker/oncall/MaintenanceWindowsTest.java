package dev.caretaker.oncall;

import dev.caretaker.alert.AlertService;
import dev.caretaker.alert.AlertmanagerPayload;
import dev.caretaker.alert.FakeAlertmanager;
import dev.caretaker.alert.ProbeRules;
import dev.caretaker.chat.ChatDouble;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.digest.DigestService;
import dev.caretaker.digest.MutableClock;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.store.AlertRecord;
import dev.caretaker.store.AlertStore;
import dev.caretaker.store.MaintenanceWindow;
import dev.caretaker.store.MaintenanceWindowStore;
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
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Maintenance windows end to end: commands through the pipeline, probe and Alertmanager alerts held (stored, never
 * enqueued), the Alertmanager silences against the fake, banners to the ops channel, and at the end the re-check, the
 * summary, and held alerts posted or recorded as resolved during maintenance.
 */
class MaintenanceWindowsTest {

    private static final Instant T0 = Instant.parse("2025-10-20T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ChatDouble chat = new ChatDouble();
    private final Port api = new Port();
    private final Port db = new Port();
    private FakeAlertmanager alertmanager;
    private ApplicationContext context;
    private MutableClock clock;

    @BeforeEach
    void start() throws Exception {
        alertmanager = new FakeAlertmanager();
        Map<String, Object> p = OnCallContexts.properties(T0.toString());
        OnCallContexts.tcpTarget(p, "api", api);
        OnCallContexts.tcpTarget(p, "db", db);
        p.put("caretaker.alerts.alertmanager-url", alertmanager.url());
        context = OnCallContexts.start(p, chat);
        clock = context.getBean(MutableClock.class);
    }

    @AfterEach
    void stop() {
        context.close();
        alertmanager.close();
        api.close();
        db.close();
    }

    private ProbeResult result(String target, ProbeStatus status) {
        return new ProbeResult(target, "tcp", status, status == ProbeStatus.OK ? 1.0 : null, "ms",
                status == ProbeStatus.OK ? "Connected to " + target + "." : "Connection to " + target + " refused.",
                Duration.ofMillis(2), clock.instant());
    }

    private AlertRecord alertOf(String target) {
        return context.getBean(AlertStore.class).byProbeFingerprint(target + "/tcp").orElseThrow();
    }

    /** How many messages the outbox ever held for an alert group: held alerts are never enqueued. */
    private int outboxMessagesOf(long groupId) throws Exception {
        try (Connection c = TestDatabase.connect(context); PreparedStatement ps = c.prepareStatement(
                "select count(*) from outbox o join outbox_lanes l on l.id = o.lane_id where l.message_key like ?")) {
            ps.setString(1, "alert-group:" + groupId + ":%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private List<ChatDouble.Sent> postsIn(String channel) {
        return chat.posts().stream().filter(s -> s.channel().toString().equals(channel)).toList();
    }

    private boolean posted(String channel, String headerStart) throws InterruptedException {
        return chat.await(WAIT, sent -> sent.stream().anyMatch(s -> s.kind().equals("post")
                && s.channel().toString().equals(channel) && s.reply().header() != null
                && s.reply().header().startsWith(headerStart)));
    }

    private ChatDouble.Sent post(String channel, String headerStart) {
        return postsIn(channel).stream().filter(s -> s.reply().header() != null && s.reply().header().startsWith(headerStart))
                .findFirst().orElseThrow();
    }

    @Test
    void anAlertDuringAWindowIsHeldThenPostedAfterItBecauseItStillFails() throws Exception {
        Outcome on = OnCallContexts.run(context, People.OPERATOR, "maint on 1h upgrading the api targets=api");
        assertInstanceOf(Outcome.Completed.class, on, ChatDouble.text(on.reply()));
        assertTrue(ChatDouble.text(on.reply()).contains("Maintenance #1 is on for api until"), ChatDouble.text(on.reply()));
        assertTrue(posted(OnCallContexts.OPS, "Maintenance #1: upgrading the api"), chat.sent().toString());
        assertTrue(ChatDouble.text(post(OnCallContexts.OPS, "Maintenance #1").reply()).contains("Alerts for it are held"));

        ProbeRules rules = context.getBean(ProbeRules.class);
        rules.observe(result("api", ProbeStatus.CRITICAL));
        rules.observe(result("db", ProbeStatus.CRITICAL));
        // the window covers api only: db's alert is posted as always
        assertTrue(posted(OnCallContexts.ALERTS, "Critical: tcp on db"), chat.sent().toString());
        AlertRecord held = alertOf("api");
        assertTrue(held.held());
        assertEquals("maintenance:1", held.hold());
        assertEquals(0, outboxMessagesOf(held.groupId()), "a held alert is never handed to the outbox");
        assertFalse(alertOf("db").held());
        assertTrue(postsIn(OnCallContexts.ALERTS).stream().noneMatch(s -> s.reply().header().contains("on api")));

        clock.advance(Duration.ofMinutes(59));
        assertEquals(0, context.getBean(MaintenanceService.class).runDue(), "a minute early nothing ends");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(1, context.getBean(MaintenanceService.class).runDue());
        // the api port is still closed: the re-check fails, the held alert is posted, the summary says so
        assertTrue(posted(OnCallContexts.OPS, "Maintenance #1 is over"), chat.sent().toString());
        String summary = ChatDouble.text(post(OnCallContexts.OPS, "Maintenance #1 is over").reply());
        assertTrue(summary.contains("1 of 1 covered probes still fails"), summary);
        assertTrue(summary.contains("refused"), summary);
        assertTrue(summary.contains("1 still firing (posted now), 0 resolved during maintenance"), summary);
        assertTrue(posted(OnCallContexts.ALERTS, "Critical: tcp on api"), chat.sent().toString());
        AlertRecord after = alertOf("api");
        assertFalse(after.held());
        assertEquals(AlertRecord.POSTED_AFTER_MAINTENANCE, after.holdOutcome());
        assertTrue(chat.await(WAIT, sent -> sent.stream().anyMatch(s -> s.kind().equals("update")
                && s.reply().header().startsWith("Maintenance #1 ended"))), "the start banner says it ended");

        String digest = ChatDouble.text(context.getBean(DigestService.class)
                .preview(ChannelAddress.parse(OnCallContexts.OPS).orElseThrow()).reply());
        assertTrue(digest.contains("Maintenance in the last 24 h\n#1 ended: api, Mon 20 Oct 10:00 UTC – Mon 20 Oct 11:00 UTC "
                + "(upgrading the api); held alerts: 0 held now, 1 posted after, 0 resolved during"), digest);
    }

    @Test
    void anAlertThatRecoveredDuringTheWindowIsRecordedAsResolvedDuringMaintenanceAndNeverPosted() throws Exception {
        assertInstanceOf(Outcome.Completed.class, OnCallContexts.run(context, People.OPERATOR, "maint on 30m targets=api"));
        context.getBean(ProbeRules.class).observe(result("api", ProbeStatus.CRITICAL));
        assertTrue(alertOf("api").held());
        api.up();   // the work is done and the api answers again

        clock.advance(Duration.ofMinutes(30));
        assertEquals(1, context.getBean(MaintenanceService.class).runDue());
        assertTrue(posted(OnCallContexts.OPS, "Maintenance #1 is over"), chat.sent().toString());
        String summary = ChatDouble.text(post(OnCallContexts.OPS, "Maintenance #1 is over").reply());
        assertTrue(summary.contains("The covered probe passes."), summary);
        assertTrue(summary.contains("0 still firing (posted now), 1 resolved during maintenance"), summary);
        AlertRecord after = alertOf("api");
        assertEquals(AlertRecord.RESOLVED, after.state());
        assertEquals(AlertRecord.RESOLVED_DURING_MAINTENANCE, after.holdOutcome());
        assertEquals(0, outboxMessagesOf(after.groupId()), "nobody was told of an alert that came and went in the window");
    }

    @Test
    void theWindowSilencesItsTargetsInAlertmanagerAndExpiresTheSilencesAtTheEnd() throws Exception {
        assertInstanceOf(Outcome.Completed.class, OnCallContexts.run(context, People.OPERATOR,
                "maint on 2h os updates targets=api,db match=team=web"));
        List<String> created = alertmanager.silences();
        assertEquals(3, created.size(), created.toString());
        assertTrue(created.get(0).contains("\"name\":\"target\",\"value\":\"api|db\",\"isRegex\":true"), created.get(0));
        assertTrue(created.get(1).contains("\"name\":\"service\",\"value\":\"api|db\",\"isRegex\":true"), created.get(1));
        assertTrue(created.get(2).contains("\"name\":\"team\",\"value\":\"web\",\"isRegex\":false"), created.get(2));
        assertTrue(created.get(0).contains("\"endsAt\":\"2025-10-20T12:00:00Z\""), created.get(0));
        MaintenanceWindow w = context.getBean(MaintenanceWindowStore.class).byId(1).orElseThrow();
        assertEquals("8f0c-silence-1,8f0c-silence-2,8f0c-silence-3", w.silenceId());
        assertTrue(alertmanager.expired().isEmpty());

        clock.advance(Duration.ofMinutes(20));
        Outcome off = OnCallContexts.run(context, People.OPERATOR, "maint off");
        assertInstanceOf(Outcome.Completed.class, off, ChatDouble.text(off.reply()));
        assertEquals(List.of("DELETE 8f0c-silence-1", "DELETE 8f0c-silence-2", "DELETE 8f0c-silence-3"),
                alertmanager.expired());
        MaintenanceWindow ended = context.getBean(MaintenanceWindowStore.class).byId(1).orElseThrow();
        assertEquals(T0.plus(Duration.ofMinutes(20)), ended.endsAt(), "turned off early, it ends now");
        assertEquals("otto", ended.endedBy());
        assertTrue(posted(OnCallContexts.OPS, "Maintenance #1 is over"));
    }

    @Test
    void alertmanagerAlertsOfCoveredServicesAreHeldAndAtTheEndPostedOrResolvedAsAlertmanagerSays() throws Exception {
        assertInstanceOf(Outcome.Completed.class, OnCallContexts.run(context, People.OPERATOR, "maint on 1h targets=api"));
        AlertService alerts = context.getBean(AlertService.class);
        alerts.ingest(payload("g-api", Map.of("alertname", "HighLatency", "service", "api"),
                alert("fp-slow", "HighLatency", "api", "p95 above 2s"), alert("fp-5xx", "HighLatency", "api", "5xx above 1%")));
        alerts.ingest(payload("g-db", Map.of("alertname", "DiskFull", "service", "db"),
                alert("fp-disk", "DiskFull", "db", "disk 95%")));
        assertTrue(posted(OnCallContexts.ALERTS, "Critical: DiskFull"), chat.sent().toString());
        AlertStore store = context.getBean(AlertStore.class);
        List<AlertRecord> held = store.heldFor("maintenance:1");
        assertEquals(Set.of("fp-slow", "fp-5xx"), Set.copyOf(held.stream().map(AlertRecord::fingerprint).toList()));
        assertEquals(0, outboxMessagesOf(held.get(0).groupId()));

        // under the silence Alertmanager never told us that the 5xx alert resolved; at the end it says what is left
        alertmanager.active(Set.of("fp-slow", "fp-disk"));
        clock.advance(Duration.ofHours(1));
        assertEquals(1, context.getBean(MaintenanceService.class).runDue());
        assertTrue(posted(OnCallContexts.ALERTS, "Critical: HighLatency"), chat.sent().toString());
        String posted = ChatDouble.text(post(OnCallContexts.ALERTS, "Critical: HighLatency").reply());
        assertTrue(posted.contains("p95 above 2s"), posted);
        assertFalse(posted.contains("5xx above 1%"), "the resolved one is not shown as firing: " + posted);
        assertEquals(AlertRecord.RESOLVED_DURING_MAINTENANCE,
                store.byFingerprints(AlertRecord.ALERTMANAGER, List.of("fp-5xx")).get("fp-5xx").holdOutcome());
        assertEquals(AlertRecord.POSTED_AFTER_MAINTENANCE,
                store.byFingerprints(AlertRecord.ALERTMANAGER, List.of("fp-slow")).get("fp-slow").holdOutcome());
    }

    @Test
    void aWindowScheduledAheadStartsAndEndsOnTime() throws Exception {
        Outcome planned = OnCallContexts.run(context, People.OPERATOR,
                "maint on at=2025-10-20T11:00:00Z duration=30m database upgrade targets=api");
        assertInstanceOf(Outcome.Completed.class, planned, ChatDouble.text(planned.reply()));
        assertTrue(ChatDouble.text(planned.reply()).contains("is planned from Mon 20 Oct 11:00 UTC until Mon 20 Oct 11:30 UTC"),
                ChatDouble.text(planned.reply()));
        MaintenanceService maintenance = context.getBean(MaintenanceService.class);
        MaintenanceHolds holds = context.getBean(MaintenanceHolds.class);
        Map<String, String> apiLabels = Map.of("target", "api");

        clock.set(Instant.parse("2025-10-20T10:59:59Z"));
        assertEquals(0, maintenance.runDue());
        assertTrue(holds.at(clock.instant()).hold(apiLabels).isEmpty(), "not yet");
        assertNull(context.getBean(MaintenanceWindowStore.class).byId(1).orElseThrow().startedAt());

        clock.set(Instant.parse("2025-10-20T11:00:00Z"));
        assertEquals(1, maintenance.runDue());
        assertEquals("maintenance:1", holds.at(clock.instant()).hold(apiLabels).orElseThrow());
        assertTrue(posted(OnCallContexts.OPS, "Maintenance #1: database upgrade"), chat.sent().toString());
        assertEquals(0, maintenance.runDue(), "started once");
        context.getBean(ProbeRules.class).observe(result("api", ProbeStatus.CRITICAL));
        assertTrue(alertOf("api").held());

        clock.set(Instant.parse("2025-10-20T11:29:59Z"));
        assertEquals(0, maintenance.runDue());
        clock.set(Instant.parse("2025-10-20T11:30:00Z"));
        assertEquals(1, maintenance.runDue());
        assertTrue(holds.at(clock.instant()).hold(apiLabels).isEmpty());
        assertTrue(posted(OnCallContexts.OPS, "Maintenance #1 is over"), chat.sent().toString());
        assertTrue(posted(OnCallContexts.ALERTS, "Critical: tcp on api"), chat.sent().toString());
        assertEquals(1, postsIn(OnCallContexts.OPS).stream().filter(s -> s.reply().header().startsWith("Maintenance #1:")).count());
    }

    @Test
    void statusListAndBadInputAnswerInOneSentence() throws Exception {
        assertEquals("No maintenance window is on, and none is planned.",
                ChatDouble.text(OnCallContexts.run(context, People.VIEWER, "maint status").reply()).strip());
        Outcome tooLong = OnCallContexts.run(context, People.OPERATOR, "maint on 8d");
        assertInstanceOf(Outcome.Failed.class, tooLong);
        assertEquals("A maintenance window lasts from 1m to 7d; give a duration in that range.",
                ChatDouble.text(tooLong.reply()).strip());
        Outcome past = OnCallContexts.run(context, People.OPERATOR, "maint on at=2025-10-19T10:00 duration=1h");
        assertTrue(ChatDouble.text(past.reply()).contains("`at` is in the past"), ChatDouble.text(past.reply()));
        Outcome badMatch = OnCallContexts.run(context, People.OPERATOR, "maint on 1h match=team");
        assertTrue(ChatDouble.text(badMatch.reply()).startsWith("`match` must be label=value pairs"),
                ChatDouble.text(badMatch.reply()));
        Outcome viewer = OnCallContexts.run(context, People.VIEWER, "maint on 1h");
        assertInstanceOf(Outcome.Denied.class, viewer, "a viewer cannot start a window");

        OnCallContexts.run(context, People.OPERATOR, "maint on 1h api deploy targets=api");
        OnCallContexts.run(context, People.OPERATOR, "maint on at=2025-10-21T22:00 duration=2h targets=db");
        String status = ChatDouble.text(OnCallContexts.run(context, People.VIEWER, "maint status").reply());
        assertTrue(status.contains("Maintenance: 1 on, 1 planned"), status);
        assertTrue(status.contains("api deploy"), status);
        Outcome which = OnCallContexts.run(context, People.OPERATOR, "maint off");
        assertEquals("Several maintenance windows are on or planned (#1, #2); say which, e.g. `maint off 1`.",
                ChatDouble.text(which.reply()).strip());
        assertTrue(ChatDouble.text(OnCallContexts.run(context, People.OPERATOR, "maint off 2").reply())
                .contains("is cancelled"));
        String list = ChatDouble.text(OnCallContexts.run(context, People.VIEWER, "maint list").reply());
        assertTrue(list.contains("cancelled") && list.contains("on"), list);
    }

    private static AlertmanagerPayload.Alert alert(String fp, String name, String service, String summary) {
        return new AlertmanagerPayload.Alert(fp, "firing", Map.of("alertname", name, "service", service,
                "severity", "critical"), Map.of("summary", summary), T0, null, null);
    }

    private static AlertmanagerPayload payload(String key, Map<String, String> groupLabels, AlertmanagerPayload.Alert... alerts) {
        return new AlertmanagerPayload(key, "firing", groupLabels, groupLabels, "http://127.0.0.1:9093", List.of(alerts));
    }
}
