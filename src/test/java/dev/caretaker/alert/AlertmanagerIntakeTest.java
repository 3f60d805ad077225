package dev.caretaker.alert;

import dev.caretaker.store.AlertRecord;
import dev.caretaker.store.AlertStore;
import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.chat.ChatDouble;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.reply.Reply;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.AuditQuery;
import dev.caretaker.store.AuditRecord;
import dev.caretaker.support.Contexts;
import dev.caretaker.support.People;
import dev.caretaker.support.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Alertmanager webhook over real HTTP with the captured payloads, through to the messages and buttons. */
class AlertmanagerIntakeTest {

    private static final String TOKEN = "s3cret-webhook-token-for-tests";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ChatDouble chat = new ChatDouble();
    private final HttpClient http = HttpClient.newHttpClient();
    private ApplicationContext context;
    private EmbeddedServer server;
    private FakeAlertmanager alertmanager;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (context != null && context.isRunning()) {
            context.close();
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    private Map<String, Object> props(Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.probes.enabled", false);
        p.put("caretaker.outbox.poll", "50ms");
        p.put("caretaker.outbox.backoff-base", "50ms");
        p.put("caretaker.outbox.backoff-cap", "200ms");
        p.put("caretaker.alerts.token", TOKEN);
        p.put("caretaker.alerts.default-channels", List.of("slack:COPS"));
        p.putAll(extra);
        return p;
    }

    private void start(Map<String, Object> extra, Object... singletons) {
        context = Contexts.start(props(extra), singletons);
        server = context.getBean(EmbeddedServer.class).start();
    }

    private void start() {
        start(Map.of(), chat);
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = AlertmanagerIntakeTest.class.getResourceAsStream("/fixtures/alertmanager/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private HttpResponse<String> post(String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + "/alerts/alertmanager"))
                .header("Content-Type", "application/json").header("User-Agent", "Alertmanager/0.25.0")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return post(body, "Bearer " + TOKEN);
    }

    @Test
    void refusesWithoutTheRightTokenAndExplainsABadBody() throws Exception {
        start();
        String body = fixture("firing-single.json");
        assertEquals(401, post(body, null).statusCode());
        HttpResponse<String> wrong = post(body, "Bearer nope");
        assertEquals(401, wrong.statusCode());
        assertEquals("Send the webhook token as `Authorization: Bearer <token>` (http_config.authorization in Alertmanager).",
                wrong.body());

        HttpResponse<String> notJson = post("alerts!");
        assertEquals(400, notJson.statusCode());
        assertEquals("The body is not JSON; send Alertmanager's webhook payload (version 4).", notJson.body());
        HttpResponse<String> v3 = post(body.replace("\"version\": \"4\"", "\"version\": \"3\""));
        assertEquals(400, v3.statusCode());
        assertEquals("The payload has version `3`; Caretaker reads Alertmanager webhook version 4.", v3.body());
        HttpResponse<String> none = post("{\"version\":\"4\",\"status\":\"firing\"}");
        assertEquals(400, none.statusCode());
        assertEquals("The payload has no `alerts` list; send Alertmanager's webhook payload (version 4).", none.body());
        Thread.sleep(200);
        assertTrue(chat.sent().isEmpty());
    }

    @Test
    void withoutAConfiguredTokenTheWebhookSaysHowToTurnItOn() {
        AlertmanagerController controller = new AlertmanagerController(null, new AlertsSettings(null, null, 3, 2,
                java.time.Duration.ZERO, java.time.Duration.ofHours(1), java.time.Duration.ofMinutes(30)), new com.fasterxml.jackson.databind.ObjectMapper());
        var r = controller.receive("Bearer x", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(503, r.getStatus().getCode());
        assertEquals("The Alertmanager webhook is off: set CARETAKER_ALERTS_TOKEN (caretaker.alerts.token) to a long "
                + "random secret and send it as a bearer token.", r.body());
    }

    @Test
    void aRetriedNotificationGivesOneMessageAndTheResolutionEditsIt() throws Exception {
        start();
        assertEquals(200, post(fixture("firing-single.json")).statusCode());
        assertEquals(200, post(fixture("firing-single.json")).statusCode());
        assertTrue(chat.await(WAIT, s -> s.size() == 1));
        Thread.sleep(300);
        assertEquals(1, chat.sent().size(), "a retry changes nothing");
        Reply firing = chat.posts().get(0).reply();
        assertEquals("Critical: HighErrorRate", firing.header());
        String text = ChatDouble.text(firing);
        assertTrue(text.contains("Error rate 7.2% is above 5% for 5 minutes"), text);
        assertTrue(text.contains("https://runbooks.example/high-error-rate"), text);
        assertTrue(text.contains("instance=web-1:8000, service=web"), text);
        assertTrue(text.contains("Firing since 2026-11-26 06:55 UTC"), text);
        AlertRecord alert = context.getBean(AlertStore.class).open().get(0);
        assertEquals("d23543420519add8", alert.fingerprint());
        assertEquals(List.of(new Button("Ack", ButtonActions.ALERT_ACK, String.valueOf(alert.id()), Button.Style.PRIMARY),
                new Button("Silence 1h", ButtonActions.ALERT_SILENCE, alert.id() + ":1h", Button.Style.DEFAULT),
                new Button("Silence 4h", ButtonActions.ALERT_SILENCE, alert.id() + ":4h", Button.Style.DEFAULT)),
                firing.buttons());

        assertEquals(200, post(fixture("resolved-single.json")).statusCode());
        assertEquals(200, post(fixture("resolved-single.json")).statusCode());
        assertTrue(chat.await(WAIT, s -> s.size() == 3));
        Thread.sleep(300);
        assertEquals(3, chat.sent().size(), chat.sent().toString());
        ChatDouble.Sent edit = chat.updates().get(0);
        assertEquals(chat.posts().get(0).messageId(), edit.messageId());
        assertEquals("Resolved: HighErrorRate", edit.reply().header());
        assertTrue(ChatDouble.text(edit.reply()).contains("Resolved at 2026-11-26 06:55 UTC after 6s"), ChatDouble.text(edit.reply()));
        assertEquals("Resolved after 6s.", ChatDouble.text(chat.threads().get(0).reply()).strip());
        assertEquals(AlertRecord.RESOLVED, context.getBean(AlertStore.class).byId(alert.id()).orElseThrow().state());
    }

    /**
     * Alertmanager's usual {@code group_by: [alertname]}: the group labels carry only the alert name, so routes
     * must match on what the alerts share (severity, service), and each notification is routed once.
     */
    @Test
    void notificationsGroupedByAlertnameReachTheRouteOfTheirAlertsCommonLabelsOnce() throws Exception {
        start(Map.of("caretaker.alerts.routes", List.of(
                        Map.of("match", Map.of("service", "web"), "channels", List.of("slack:C0WEB")),
                        Map.of("match", Map.of("severity", "critical"), "channels", List.of("slack:C0PAGE")),
                        Map.of("match", Map.of("service", "infra", "severity", "warning"), "channels", List.of("slack:C0INFRA"))),
                "caretaker.alerts.default-channels", List.of("slack:C0DEFAULT"),
                // the captured alerts started days ago: no escalation while this test looks at the messages
                "caretaker.alerts.timers", false), chat);
        assertEquals(200, post(groupedByAlertname(fixture("firing-single.json"))).statusCode());
        assertEquals(200, post(groupedByAlertname(fixture("firing-grouped.json"))).statusCode());
        assertTrue(chat.await(WAIT, s -> s.size() == 3), chat.sent().toString());
        Thread.sleep(300);
        Map<String, List<String>> headersByChannel = new java.util.TreeMap<>();
        chat.posts().forEach(s -> headersByChannel.computeIfAbsent(s.channel().toString(), k -> new java.util.ArrayList<>())
                .add(s.reply().header()));
        assertEquals(Map.of(
                "slack:C0WEB", List.of("Critical: HighErrorRate"),
                "slack:C0PAGE", List.of("Critical: HighErrorRate"),
                "slack:C0INFRA", List.of("Warning: DiskSpaceLow (3 of 3 firing)")), headersByChannel);
        assertEquals(3, chat.sent().size(), "one message per matching route, nothing to the default channel");

        // the resolution edits the messages where they are, and still nothing reaches the default channel
        assertEquals(200, post(groupedByAlertname(fixture("resolved-single.json"))).statusCode());
        assertTrue(chat.await(WAIT, s -> s.stream().filter(x -> x.kind().equals("update")).count() == 2), chat.sent().toString());
        assertTrue(chat.sent().stream().noneMatch(s -> s.channel().toString().equals("slack:C0DEFAULT")), chat.sent().toString());
    }

    /** The captured payload as Alertmanager sends it with {@code group_by: [alertname]}. */
    private static String groupedByAlertname(String body) throws IOException {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(body);
        String alertname = tree.get("groupLabels").get("alertname").asText();
        tree.putObject("groupLabels").put("alertname", alertname);
        tree.put("groupKey", "{}:{alertname=\"" + alertname + "\"}");
        return mapper.writeValueAsString(tree);
    }

    @Test
    void aGroupedNotificationIsOneMessageListingItsAlerts() throws Exception {
        start();
        assertEquals(200, post(fixture("firing-grouped.json")).statusCode());
        assertTrue(chat.await(WAIT, s -> s.size() == 1));
        Reply r = chat.posts().get(0).reply();
        assertEquals("Warning: DiskSpaceLow (3 of 3 firing)", r.header());
        Block.Table table = (Block.Table) r.blocks().stream().filter(b -> b instanceof Block.Table).findFirst().orElseThrow();
        assertEquals(3, table.rows().size());
        assertTrue(table.rows().stream().anyMatch(row -> row.get(1).equals("instance=worker-1")), table.rows().toString());
        assertEquals(List.of("Ack all", "Silence 1h", "Silence 4h"), r.buttons().stream().map(Button::label).toList());
        assertTrue(r.buttons().get(0).value().startsWith("g"));
        assertEquals(3, context.getBean(AlertStore.class).open().size());
    }

    @Test
    void aThousandAlertsAreAcceptedInOneStatementAndFitInOneReadableMessage() throws Exception {
        start();
        assertEquals(200, post(fixture("firing-grouped.json")).statusCode());
        String big = thousand();
        assertEquals(200, post(big.replace("NodeDown", "WarmUp").replace("\"fp", "\"warm")).statusCode());
        // how fast is AlertDeliveryBench's business (speed is measured in benchmarks, not asserted in tests)
        HttpResponse<String> r = post(big);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("Accepted 1000 alert(s), 1000 changed.", r.body());
        assertEquals(2003, context.getBean(AlertStore.class).open().size());
        assertTrue(chat.await(WAIT, s -> s.size() == 3));
        Reply message = chat.posts().stream().map(ChatDouble.Sent::reply)
                .filter(x -> x.header().startsWith("Critical: NodeDown")).findFirst().orElseThrow();
        assertEquals("Critical: NodeDown (1000 of 1000 firing)", message.header());
        Block.Table table = (Block.Table) message.blocks().stream().filter(b -> b instanceof Block.Table).findFirst().orElseThrow();
        assertEquals(AlertRenderer.MAX_ROWS, table.rows().size());
        String text = ChatDouble.text(message);
        assertTrue(text.contains("… and 985 more; `alerts state=open` lists them all."), text);
        assertTrue(text.length() < 3000, "fits a Slack section and a Discord embed: " + text.length());
        assertEquals(1000, count("select count(*) from alerts where group_id = (select id from alert_groups where group_key like '%NodeDown%')"));

        HttpResponse<String> resolved = post(big.replace("\"status\":\"firing\"", "\"status\":\"resolved\"")
                .replace("\"endsAt\":\"0001-01-01T00:00:00Z\"", "\"endsAt\":\"2026-11-26T07:55:05Z\""));
        assertEquals("Accepted 1000 alert(s), 1000 changed.", resolved.body());
        assertTrue(chat.await(WAIT, s -> chat.updates().stream().anyMatch(u -> u.reply().header()
                .equals("Resolved: NodeDown (1000 alerts, all resolved)"))), chat.updates().toString());
    }

    static String thousand() {
        StringBuilder alerts = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            if (i > 0) {
                alerts.append(',');
            }
            alerts.append("{\"status\":\"firing\",\"labels\":{\"alertname\":\"NodeDown\",\"instance\":\"node-").append(i)
                    .append("\",\"service\":\"fleet\",\"severity\":\"critical\"},\"annotations\":{\"summary\":\"Node node-")
                    .append(i).append(" is down\"},\"startsAt\":\"2026-11-26T06:55:05Z\",\"endsAt\":\"0001-01-01T00:00:00Z\","
                            + "\"generatorURL\":\"\",\"fingerprint\":\"fp").append(String.format("%05d", i)).append("\"}");
        }
        return "{\"receiver\":\"caretaker\",\"status\":\"firing\",\"alerts\":[" + alerts + "],\"groupLabels\":{\"alertname\":"
                + "\"NodeDown\",\"service\":\"fleet\"},\"commonLabels\":{\"alertname\":\"NodeDown\",\"service\":\"fleet\","
                + "\"severity\":\"critical\"},\"commonAnnotations\":{},\"externalURL\":\"http://alertmanager.example:9093\","
                + "\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"NodeDown\\\", service=\\\"fleet\\\"}\",\"truncatedAlerts\":0}";
    }

    @Test
    void ackFromTheButtonRecordsWhoEditsTheMessageAndStopsEscalation() throws Exception {
        start(Map.of("caretaker.alerts.escalate-after", "1s", "caretaker.alerts.timer-tick", "1h"), chat);
        assertEquals(200, post(fixture("firing-single.json")).statusCode());
        String other = fixture("firing-single.json").replace("d23543420519add8", "aaaa000011112222")
                .replace("HighErrorRate", "ApiDown").replace("web-1:8000", "api-1:8000");
        assertEquals(200, post(other).statusCode());
        assertTrue(chat.await(WAIT, s -> s.size() == 2));
        AlertStore store = context.getBean(AlertStore.class);
        AlertRecord high = store.open().stream().filter(a -> a.name().equals("HighErrorRate")).findFirst().orElseThrow();
        Dispatcher dispatcher = context.getBean(Dispatcher.class);

        Outcome denied = dispatcher.click(ButtonActions.ALERT_ACK, String.valueOf(high.id()), People.VIEWER, s -> { });
        assertInstanceOf(Outcome.Denied.class, denied);
        Outcome acked = dispatcher.click(ButtonActions.ALERT_ACK, String.valueOf(high.id()), People.OPERATOR, s -> { });
        assertInstanceOf(Outcome.Completed.class, acked, acked.reply().toString());
        assertEquals("Acknowledged alert #" + high.id() + " (HighErrorRate); it will not escalate.",
                ChatDouble.text(acked.reply()).strip());
        AlertRecord after = store.byId(high.id()).orElseThrow();
        assertEquals(AlertRecord.ACKNOWLEDGED, after.state());
        assertEquals("otto", after.ackedBy());
        assertNotNull(after.ackedAt());
        Outcome twice = dispatcher.click(ButtonActions.ALERT_ACK, String.valueOf(high.id()), People.OPERATOR2, s -> { });
        assertEquals("Alert #" + high.id() + " was already acknowledged by otto.", ChatDouble.text(twice.reply()).strip());

        assertTrue(chat.await(WAIT, s -> s.stream().anyMatch(x -> x.kind().equals("thread"))));
        ChatDouble.Sent edit = chat.await(WAIT, s -> !chat.updates().isEmpty()) ? chat.updates().get(0) : null;
        assertNotNull(edit);
        assertTrue(ChatDouble.text(edit.reply()).contains("Acknowledged by otto"), ChatDouble.text(edit.reply()));
        assertEquals(List.of("Silence 1h", "Silence 4h"), edit.reply().buttons().stream().map(Button::label).toList());
        assertEquals("Acknowledged by <@U_OPERATOR>.", ChatDouble.text(chat.threads().get(0).reply()).strip());

        List<AuditRecord> audit = context.getBean(AuditLog.class).search(new AuditQuery(null, "alert ack",
                Instant.now().minusSeconds(60), 10));
        assertTrue(audit.stream().anyMatch(a -> a.userName().equals("otto") && a.decision().equals("allowed")));
        assertTrue(audit.stream().anyMatch(a -> a.userName().equals("vera") && a.decision().equals("denied")));

        Thread.sleep(1100);
        int before = chat.posts().size();
        assertEquals(1, context.getBean(AlertService.class).runTimers(), "only the unacknowledged alert escalates");
        assertTrue(chat.await(WAIT, s -> chat.posts().size() == before + 1));
        Reply escalation = chat.posts().get(chat.posts().size() - 1).reply();
        assertTrue(escalation.header().startsWith("Still unacknowledged after"), escalation.header());
        assertTrue(escalation.header().endsWith(": ApiDown"), escalation.header());
        assertEquals(0, context.getBean(AlertService.class).runTimers(), "escalates once");
    }

    @Test
    void silenceOnAnAlertmanagerAlertCreatesARealSilenceThere() throws Exception {
        alertmanager = new FakeAlertmanager();
        start(Map.of("caretaker.alerts.alertmanager-url", alertmanager.url()), chat);
        assertEquals(200, post(fixture("firing-single.json")).statusCode());
        assertTrue(chat.await(WAIT, s -> s.size() == 1));
        AlertRecord alert = context.getBean(AlertStore.class).open().get(0);
        Outcome o = context.getBean(Dispatcher.class).click(ButtonActions.ALERT_SILENCE, alert.id() + ":4h", People.OPERATOR,
                s -> { });
        assertInstanceOf(Outcome.Completed.class, o, ChatDouble.text(o.reply()));
        assertEquals(1, alertmanager.silences().size());
        String sent = alertmanager.silences().get(0);
        assertTrue(sent.startsWith("POST "), sent);
        assertTrue(sent.contains("{\"name\":\"alertname\",\"value\":\"HighErrorRate\",\"isRegex\":false,\"isEqual\":true}"), sent);
        assertTrue(sent.contains("{\"name\":\"instance\",\"value\":\"web-1:8000\",\"isRegex\":false,\"isEqual\":true}"), sent);
        assertTrue(sent.contains("\"createdBy\":\"otto\""), sent);
        AlertRecord silenced = context.getBean(AlertStore.class).byId(alert.id()).orElseThrow();
        assertEquals(AlertRecord.SILENCED, silenced.state());
        assertEquals("8f0c-silence-1", silenced.silenceId());
        Duration length = Duration.between(Instant.now(), silenced.silencedUntil());
        assertTrue(length.compareTo(Duration.ofMinutes(239)) > 0 && length.compareTo(Duration.ofMinutes(241)) < 0);
        assertTrue(chat.await(WAIT, s -> chat.threads().size() == 1));
        assertTrue(ChatDouble.text(chat.threads().get(0).reply()).startsWith("Silenced for 4h by <@U_OPERATOR>"));

        alertmanager.status(400);
        String other = fixture("firing-single.json").replace("d23543420519add8", "bbbb000011112222");
        post(other.replace("HighErrorRate", "Other"));
        AlertRecord second = context.getBean(AlertStore.class).open().stream().filter(a -> a.name().equals("Other"))
                .findFirst().orElseThrow();
        Outcome refused = context.getBean(Dispatcher.class).click(ButtonActions.ALERT_SILENCE, second.id() + ":1h",
                People.OPERATOR, s -> { });
        assertInstanceOf(Outcome.Rejected.class, refused);
        assertEquals("Alertmanager refused the silence (HTTP 400), so nothing was silenced; see the Caretaker log.",
                ChatDouble.text(refused.reply()).strip());
        assertEquals(AlertRecord.FIRING, context.getBean(AlertStore.class).byId(second.id()).orElseThrow().state());
    }

    @Test
    void chatFailingWith500Then429ThenDownDeliversEveryAlertOnceAfterRecovery() throws Exception {
        chat.retryAfter(Duration.ofMillis(300));
        chat.mode(ChatDouble.Mode.SERVER_ERROR);
        start();
        String base = fixture("firing-single.json");
        for (int i = 0; i < 9; i++) {
            if (i == 3) {
                chat.mode(ChatDouble.Mode.RATE_LIMITED);
            } else if (i == 6) {
                chat.mode(ChatDouble.Mode.DOWN);
            }
            String body = base.replace("d23543420519add8", "fp-" + i).replace("HighErrorRate", "Alert" + i);
            assertEquals(200, post(body).statusCode());
            Thread.sleep(150);
        }
        Thread.sleep(300);
        assertTrue(chat.sent().isEmpty());
        chat.mode(ChatDouble.Mode.OK);
        assertTrue(chat.await(WAIT, s -> s.size() >= 9));
        Thread.sleep(500);
        assertEquals(9, chat.posts().size(), chat.sent().toString());
        assertEquals(9, chat.posts().stream().map(p -> p.reply().header()).distinct().count());
    }

    @Test
    void anAlertCommittedBeforeAKillIsDeliveredAfterTheRestart() throws Exception {
        String db = TestDatabase.freshDatabaseUrl();
        start(Map.of("datasources.default.url", db));   // no chat adapter for slack: the message waits
        assertEquals(200, post(fixture("firing-single.json")).statusCode());
        server.stop();
        context.close();
        start(Map.of("datasources.default.url", db), chat);
        assertTrue(chat.await(WAIT, s -> s.size() == 1));
        assertEquals("Critical: HighErrorRate", chat.posts().get(0).reply().header());
        assertEquals(200, post(fixture("resolved-single.json")).statusCode());
        assertTrue(chat.await(WAIT, s -> s.size() == 3));
        assertEquals(chat.posts().get(0).messageId(), chat.updates().get(0).messageId(), "edits survive the restart");
    }

    @Test
    void alertCommandsListAcknowledgeAndLookBack() throws Exception {
        start();
        post(fixture("firing-grouped.json"));
        Dispatcher d = context.getBean(Dispatcher.class);
        ChannelAddress ch = SlackPlatform.channel("COPS");
        Outcome list = d.dispatch(new CommandRequest(People.VIEWER, ch, "alerts", "d1", s -> { }, false));
        assertInstanceOf(Outcome.Completed.class, list, ChatDouble.text(list.reply()));
        assertEquals("Alerts: 3 firing", list.reply().header());
        long id = context.getBean(AlertStore.class).open().get(0).id();
        Outcome denied = d.dispatch(new CommandRequest(People.VIEWER, ch, "alert ack " + id, "d2", s -> { }, false));
        assertInstanceOf(Outcome.Denied.class, denied);
        Outcome ack = d.dispatch(new CommandRequest(People.OPERATOR, ch, "alert ack " + id, "d3", s -> { }, false));
        assertInstanceOf(Outcome.Completed.class, ack, ChatDouble.text(ack.reply()));
        Outcome acked = d.dispatch(new CommandRequest(People.VIEWER, ch, "alerts state=acknowledged", "d4", s -> { }, false));
        assertEquals("Alerts: 1 acknowledged", acked.reply().header());
        Outcome silence = d.dispatch(new CommandRequest(People.OPERATOR, ch, "alert silence " + id + " 30d", "d5", s -> { },
                false));
        assertInstanceOf(Outcome.Failed.class, silence);
        assertEquals("A silence must last between 1 minute and 7d; for example `alert silence 12 4h`.",
                ChatDouble.text(silence.reply()).strip());
        Outcome history = d.dispatch(new CommandRequest(People.VIEWER, ch, "alert history since=1h", "d6", s -> { }, false));
        assertEquals("Alerts in the last 1h: 3", history.reply().header());
        Outcome missing = d.dispatch(new CommandRequest(People.OPERATOR, ch, "alert ack 999999", "d7", s -> { }, false));
        assertEquals("There is no alert #999999; `alerts state=all` lists them.", ChatDouble.text(missing.reply()).strip());
        assertFalse(ChatDouble.text(list.reply()).isBlank());
    }

    private long count(String sql) throws Exception {
        try (Connection c = dev.caretaker.support.TestDatabase.connect(context); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
