package dev.caretaker.chat.slack;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.caretaker.reliability.Ledger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.Gson;
import com.slack.api.util.json.GsonFactory;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.BodyLimits;
import dev.caretaker.security.SlackRequestVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What reaches the real {@code POST /slack/events} from someone other than Slack, or from Slack in a shape Caretaker
 * does not read. Issue 18's reproduction: requests with a valid signature and a malformed body each get a 4xx, or a
 * 200 where Slack expects one, and nothing runs; the body names no class; the log has one line and never the body.
 * Then the body limit (at it, one byte over, over with no declared length) and forged, stale, future-dated and
 * replayed requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlackRequestSecurityTest {

    /** Put in every body, so a log line that quotes the payload is found. */
    static final String MARKER = "PAYLOADMARKER7";

    private static final int GENERATED = 150;

    private SlackService slack;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        slack = SlackService.start(false);
    }

    @AfterAll
    void stop() {
        slack.close();
    }

    record Case(String name, String contentType, String body) {
    }

    private List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        String json = "application/json";
        String form = "application/x-www-form-urlencoded";
        cases.add(new Case("event null", json, "{\"type\":\"event_callback\",\"event_id\":\"" + MARKER + "\",\"event\":null}"));
        cases.add(new Case("event a string", json, "{\"type\":\"event_callback\",\"event\":\"" + MARKER + "\"}"));
        cases.add(new Case("event a number", json, "{\"type\":\"event_callback\",\"event\":7,\"x\":\"" + MARKER + "\"}"));
        cases.add(new Case("event without type", json, "{\"type\":\"event_callback\",\"event\":{\"text\":\"" + MARKER + "\"}}"));
        cases.add(new Case("type null", json, "{\"type\":null,\"x\":\"" + MARKER + "\"}"));
        cases.add(new Case("type a number", json, "{\"type\":5,\"x\":\"" + MARKER + "\"}"));
        cases.add(new Case("no type", json, "{\"x\":\"" + MARKER + "\"}"));
        cases.add(new Case("JSON array", json, "[\"" + MARKER + "\"]"));
        cases.add(new Case("JSON null", json, "null"));
        cases.add(new Case("not JSON", json, "{not json " + MARKER));
        cases.add(new Case("empty JSON body", json, ""));
        cases.add(new Case("url_verification without challenge", json, "{\"type\":\"url_verification\",\"x\":\"" + MARKER + "\"}"));
        cases.add(new Case("app_mention without user and text", json,
                "{\"type\":\"event_callback\",\"event_id\":\"Ev" + MARKER + "\",\"event\":{\"type\":\"app_mention\",\"channel\":\"C0OPS\",\"ts\":\"1.2\"}}"));
        cases.add(new Case("app_mention without channel", json,
                "{\"type\":\"event_callback\",\"event_id\":\"Ev2" + MARKER + "\",\"event\":{\"type\":\"app_mention\",\"user\":\"U0VIEW\",\"text\":\"<@U0BOT> e2e count\"}}"));
        cases.add(new Case("app_mention with an object for text", json,
                "{\"type\":\"event_callback\",\"event_id\":\"Ev3" + MARKER + "\",\"event\":{\"type\":\"app_mention\",\"user\":\"U0VIEW\",\"channel\":\"C0OPS\",\"text\":{\"a\":1}}}"));
        cases.add(new Case("unknown event type", json,
                "{\"type\":\"event_callback\",\"event_id\":\"Ev4" + MARKER + "\",\"event\":{\"type\":\"reaction_added\",\"user\":\"U0VIEW\"}}"));
        cases.add(new Case("block_actions without user", form, interactivity(without(click(), "user"))));
        cases.add(new Case("block_actions with a string user", form, interactivity(with(click(), "user", "\"" + MARKER + "\""))));
        cases.add(new Case("block_actions without actions", form, interactivity(without(click(), "actions"))));
        cases.add(new Case("block_actions with empty actions", form, interactivity(with(click(), "actions", "[]"))));
        cases.add(new Case("block_actions with a null action", form, interactivity(with(click(), "actions", "[null]"))));
        cases.add(new Case("block_actions without channel and container", form,
                interactivity(without(without(click(), "channel"), "container"))));
        cases.add(new Case("block_actions without response_url", form, interactivity(without(click(), "response_url"))));
        cases.add(new Case("view_submission", form, interactivity("{\"type\":\"view_submission\",\"user\":{\"id\":\"U0VIEW\"},"
                + "\"view\":{\"id\":\"V1\",\"callback_id\":\"" + MARKER + "\"}}")));
        cases.add(new Case("view_closed", form, interactivity("{\"type\":\"view_closed\",\"view\":{\"callback_id\":\"" + MARKER + "\"}}")));
        cases.add(new Case("shortcut", form, interactivity("{\"type\":\"shortcut\",\"callback_id\":\"" + MARKER + "\"}")));
        cases.add(new Case("message_action", form, interactivity("{\"type\":\"message_action\",\"callback_id\":\"" + MARKER + "\"}")));
        cases.add(new Case("block_suggestion", form, interactivity("{\"type\":\"block_suggestion\",\"action_id\":\"" + MARKER + "\"}")));
        cases.add(new Case("interactive_message", form, interactivity("{\"type\":\"interactive_message\",\"callback_id\":\"" + MARKER + "\"}")));
        cases.add(new Case("dialog_submission", form, interactivity("{\"type\":\"dialog_submission\",\"callback_id\":\"" + MARKER + "\"}")));
        cases.add(new Case("payload not JSON", form, "payload=%7Bnot+json+" + MARKER));
        cases.add(new Case("payload null", form, "payload=null&x=" + MARKER));
        cases.add(new Case("payload an array", form, "payload=%5B%5D&x=" + MARKER));
        cases.add(new Case("payload without type", form, interactivity("{\"x\":\"" + MARKER + "\"}")));
        cases.add(new Case("empty form", form, ""));
        cases.add(new Case("form of garbage", form, "%%%&&==" + MARKER));
        cases.add(new Case("slash command without user_id", form, command(Map.of("user_id", ""))));
        cases.add(new Case("slash command without channel_id", form, command(Map.of("channel_id", ""))));
        cases.add(new Case("slash command without command", form, command(Map.of("command", ""))));
        cases.add(new Case("slash command of another name", form, command(Map.of("command", "/other"))));
        cases.add(new Case("slash command without trigger_id", form, command(Map.of("trigger_id", ""))));
        cases.add(new Case("slash command without response_url", form, command(Map.of("response_url", ""))));
        cases.add(new Case("form fields only", form, "text=e2e+count&x=" + MARKER));
        cases.add(new Case("JSON sent as a form", form, "{\"type\":\"event_callback\",\"x\":\"" + MARKER + "\"}"));
        cases.add(new Case("form sent as JSON", json, command(Map.of())));
        cases.add(new Case("text/plain", "text/plain", "{\"type\":\"event_callback\",\"x\":\"" + MARKER + "\"}"));
        cases.add(new Case("XML", "application/xml", "<x>" + MARKER + "</x>"));
        cases.add(new Case("multipart", "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n"
                + MARKER + "\r\n--b--\r\n"));
        cases.add(new Case("invalid UTF-8", json, "{\"type\":\"event_callback\",\"event\":{\"type\":\"app_mention\",\"text\":\"\udcff" + MARKER + "\"}}"));
        return cases;
    }

    @Test
    void everyMalformedSignedRequestGetsA4xxOrA200ThatRunsNothing() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        List<String> failures = new ArrayList<>();
        int passed = 0;
        try {
            for (Case c : cases()) {
                int runs = slack.runs();
                int before = logs.list.size();
                HttpResponse<String> r = slack.post(c.body(), c.contentType(), Instant.now(), Map.of());
                int status = r.statusCode();
                String problem = null;
                if (!(status == 200 || (status >= 400 && status < 500))) {
                    problem = "answered " + status;
                } else if (!generic(r.body())) {
                    problem = "body names a class or echoes the payload: " + r.body();
                } else if (slack.runs() != runs) {
                    problem = "an action ran";
                } else {
                    List<ILoggingEvent> lines = List.copyOf(logs.list.subList(before, logs.list.size()));
                    long quoting = lines.stream().filter(e -> e.getFormattedMessage().contains(MARKER)
                            || (e.getThrowableProxy() != null && String.valueOf(e.getThrowableProxy().getMessage()).contains(MARKER))).count();
                    long warnings = lines.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).count();
                    if (quoting > 0) {
                        problem = "a log line quotes the payload: " + lines;
                    } else if (status != 200 && warnings != 1) {
                        problem = warnings + " warning lines: " + lines;
                    } else if (lines.stream().anyMatch(e -> e.getThrowableProxy() != null)) {
                        problem = "a stack trace was logged: " + lines;
                    }
                }
                if (problem == null) {
                    passed++;
                } else {
                    failures.add(c.name() + ": " + problem);
                }
            }
        } finally {
            root.detachAppender(logs);
        }
        assertEquals(List.of(), failures);
        assertEquals(cases().size(), passed);
        Ledger.record(Ledger.Promise.INPUT, "Signed Slack requests with a malformed body (hand-written shapes)",
                SlackRequestSecurityTest.class, cases().size(), 0, passed, 0);
    }

    /**
     * Issue 18's generated run (before the fix, about one in thirteen got a 500): mutants of a command, a mention and a
     * click, signed, against the real endpoint; each gets a 200 or a 4xx with a body naming no class, and no error is
     * logged.
     */
    @Test
    void generatedMalformedRequestsNeverGetA500() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        try {
            ObjectNode command = (ObjectNode) SlackService.json("{}");
            for (String pair : slack.slashCommand(SlackService.VIEWER, "help").split("&")) {
                String[] kv = pair.split("=", 2);
                command.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            ObjectNode mention = (ObjectNode) SlackService.json(slack.appMention(SlackService.VIEWER, "help", "Ev0GEN"));
            ObjectNode click = (ObjectNode) slack.buttonClick(SlackService.VIEWER, "caretaker.alert.ack", "0", false);
            java.util.Random random = new java.util.Random(18_0300L);
            for (int i = 0; i < GENERATED; i++) {
                String body;
                String type;
                switch (i % 3) {
                    case 0 -> {
                        JsonNode m = dev.caretaker.support.Mutants.mutate(command, random);
                        Map<String, String> fields = new java.util.LinkedHashMap<>();
                        m.fields().forEachRemaining(f -> fields.put(f.getKey(),
                                f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString()));
                        body = SlackService.form(fields);
                        type = "application/x-www-form-urlencoded";
                    }
                    case 1 -> {
                        body = dev.caretaker.support.Mutants.mutate(mention, random).toString();
                        type = "application/json";
                    }
                    default -> {
                        body = interactivity(dev.caretaker.support.Mutants.mutate(click, random).toString());
                        type = "application/x-www-form-urlencoded";
                    }
                }
                HttpResponse<String> r = slack.post(body, type, Instant.now(), Map.of());
                sent++;
                // a 200 may be a command's own answer (a mutant can still be a well-formed `help`)
                if (!(r.statusCode() == 200 || (r.statusCode() >= 400 && r.statusCode() < 500))
                        || (r.statusCode() != 200 && !generic(r.body()))) {
                    failures.add(r.statusCode() + " " + r.body() + " for " + body);
                }
            }
            // a last, valid click is answered: the mutants before it were handled (and any error logged) by then
            JsonNode last = slack.buttonClick(SlackService.VIEWER, "caretaker.alert.ack", "0", false);
            assertEquals(200, slack.postForm(interactivity(last.toString())).statusCode());
            String path = URI.create(last.path("response_url").asText()).getPath();
            slack.fake.await("response_url", c -> c.path().equals(path), Duration.ofSeconds(10));
        } finally {
            root.detachAppender(logs);
        }
        // the root logger also hears other tests' contexts in this JVM: a context whose start failed on purpose (a bad
        // setting) leaves Micronaut's scheduler trying to make its beans, which Slack requests cannot cause
        List<String> errors = logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .filter(e -> !e.getLoggerName().startsWith("io.micronaut.scheduling"))
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(List.of(), failures);
        assertEquals(List.of(), errors);
        Ledger.record(Ledger.Promise.INPUT, "Signed Slack requests with generated malformed bodies (mutants of a command, "
                + "a mention, a click)", SlackRequestSecurityTest.class, sent, 0, sent - failures.size(), 0);
    }

    @Test
    void aWellFormedRequestStillRuns() {
        int runs = slack.runs("e2e count");
        HttpResponse<String> r = slack.postForm(slack.slashCommand(SlackService.VIEWER, "e2e count"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(runs + 1, slack.runs("e2e count"));
    }

    @Test
    void theLargestClickCaretakerCanCauseFitsTheLimitWithRoom() {
        // the fullest message Caretaker renders, with a button: Slack echoes all of it in the click's payload
        Reply.Builder reply = Reply.builder().header("h".repeat(200));
        for (int i = 0; i < 80; i++) {
            reply.text("word \"quoted\" & <b> ".repeat(200));
        }
        reply.button(new Button("Done", ButtonActions.CONFIRM, "v".repeat(100), Button.Style.DEFAULT));
        SlackMessage message = new BlockKitRenderer().render(reply.build());
        Gson gson = GsonFactory.createSnakeCase();
        ObjectNode click = (ObjectNode) slack.buttonClick(SlackService.VIEWER, ButtonActions.CONFIRM, "t", false);
        ((ObjectNode) click.get("message")).set("blocks", SlackService.json(gson.toJson(message.blocks())));
        ((ObjectNode) click.get("message")).put("text", message.text());
        int size = SlackService.interactivityForm(click).getBytes(StandardCharsets.UTF_8).length;
        // ~246 KiB of ASCII with quotes and ampersands (each a %XX): the limit keeps four times that
        assertTrue(size * 4L < BodyLimits.SLACK_EVENTS, "the largest click is " + size + " bytes");
    }

    @Test
    void aBodyAtTheLimitIsReadAndOneByteOverIs413() throws Exception {
        int runs = slack.runs("e2e count");
        String command = slack.slashCommand(SlackService.VIEWER, "e2e count");
        String atLimit = command + "&pad=" + "x".repeat((int) BodyLimits.SLACK_EVENTS - command.length() - 5);
        assertEquals(BodyLimits.SLACK_EVENTS, atLimit.length());
        HttpResponse<String> ok = slack.postForm(atLimit);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(runs + 1, slack.runs("e2e count"), "the command at the limit ran");

        String over = slack.slashCommand(SlackService.VIEWER, "e2e count");
        over = over + "&pad=" + "x".repeat((int) BodyLimits.SLACK_EVENTS - over.length() - 4);
        assertEquals(BodyLimits.SLACK_EVENTS + 1, over.length());
        HttpResponse<String> refused = slack.postForm(over);
        assertEquals(413, refused.statusCode());
        assertEquals("The request body is larger than 1024 KiB, the most /slack/events takes.", refused.body());
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));

        // no declared length: counted as it arrives
        byte[] chunked = over.replace("pad=", "pad2=").substring(1).getBytes(StandardCharsets.UTF_8);
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        HttpResponse<String> streamed = http.send(HttpRequest.newBuilder(URI.create(slack.server.getURL() + "/slack/events"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", signer().sign(timestamp, chunked))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(chunked))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, streamed.statusCode(), streamed.body());
        assertEquals(runs + 1, slack.runs("e2e count"), "nothing over the limit ran");
        Ledger.record(Ledger.Promise.INPUT, "Slack bodies at the limit, one byte over, and over with no declared length",
                SlackRequestSecurityTest.class, 3, 0, 3, 0);
    }

    @Test
    void forgedStaleFutureAndReplayedRequestsAreRefusedAndAReplayRunsOnce() {
        String body = slack.slashCommand(SlackService.VIEWER, "e2e count");
        int runs = slack.runs("e2e count");
        Instant now = Instant.now();
        Map<String, HttpResponse<String>> refused = new java.util.LinkedHashMap<>();
        refused.put("forged", slack.post(body, "application/x-www-form-urlencoded", now,
                Map.of("X-Slack-Signature", "v0=" + "0".repeat(64))));
        refused.put("signed with another secret", slack.post(body, "application/x-www-form-urlencoded", now,
                Map.of("X-Slack-Signature", new SlackRequestVerifier(dev.caretaker.security.Secret.of("another-secret"),
                        java.time.Clock.systemUTC()).sign(String.valueOf(now.getEpochSecond()), body.getBytes(StandardCharsets.UTF_8)))));
        refused.put("stale", slack.post(body, "application/x-www-form-urlencoded", now.minus(Duration.ofMinutes(5)).minusSeconds(30), Map.of()));
        refused.put("future", slack.post(body, "application/x-www-form-urlencoded", now.plus(Duration.ofMinutes(5)).plusSeconds(30), Map.of()));
        refused.put("far future", slack.post(body, "application/x-www-form-urlencoded", Instant.MAX.minusSeconds(1), Map.of()));
        refused.put("no signature", slack.post(body, "application/x-www-form-urlencoded", now,
                Map.of("X-Slack-Signature", "")));
        refused.put("timestamp not a number", slack.post(body, "application/x-www-form-urlencoded", now,
                Map.of("X-Slack-Request-Timestamp", "soon")));
        refused.put("timestamp past a long", slack.post(body, "application/x-www-form-urlencoded", now,
                Map.of("X-Slack-Request-Timestamp", "99999999999999999999")));
        refused.forEach((what, r) -> assertEquals(401, r.statusCode(), what + ": " + r.body()));
        assertEquals(runs, slack.runs("e2e count"), "nothing ran");

        // a valid request, replayed five times within the window, exactly as it was signed
        Instant signedAt = Instant.now().minusSeconds(60);
        HttpResponse<String> first = slack.post(body, "application/x-www-form-urlencoded", signedAt, Map.of());
        assertEquals(200, first.statusCode(), first.body());
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> replay = slack.post(body, "application/x-www-form-urlencoded", signedAt, Map.of());
            assertEquals(200, replay.statusCode(), "a replay is acknowledged (Slack sees no error) and dropped");
            assertEquals("", replay.body());
        }
        assertEquals(runs + 1, slack.runs("e2e count"), "the replayed request ran once");
        Ledger.record(Ledger.Promise.INPUT, "Forged, stale, future-dated and malformed-timestamp Slack requests refused",
                SlackRequestSecurityTest.class, refused.size(), 0, refused.size(), 0);
        Ledger.record(Ledger.Promise.ACTIONS, "A signed Slack request replayed 5 times within the window runs once",
                SlackRequestSecurityTest.class, 6, 0, 6, 0);
    }

    @Test
    void aReplayedClickOrMentionIsDroppedToo() {
        int runs = slack.runs("e2e count");
        String mention = slack.appMention(SlackService.VIEWER, "e2e count", "Ev0REPLAY01");
        Instant signedAt = Instant.now();
        assertEquals(200, slack.post(mention, "application/json", signedAt, Map.of()).statusCode());
        assertEquals(200, slack.post(mention, "application/json", signedAt, Map.of()).statusCode());
        slack.fake.await("chat.postMessage", c -> c.allText().contains("Ran `e2e count`"), Duration.ofSeconds(10));
        assertEquals(runs + 1, slack.runs("e2e count"));
        assertFalse(slack.fake.calls("chat.postMessage").stream().filter(c -> c.allText().contains("Ran `e2e count`"))
                .count() > 1, "answered once");
    }

    private static SlackRequestVerifier signer() {
        return new SlackRequestVerifier(dev.caretaker.security.Secret.of(SlackService.SIGNING_SECRET),
                java.time.Clock.systemUTC());
    }

    static boolean generic(String body) {
        for (String leak : List.of("Exception", "exception", "java.", "com.slack", "dev.caretaker", "because",
                "null", "Cannot invoke", "com.fasterxml", "Unrecognized", MARKER)) {
            if (body.contains(leak)) {
                return false;
            }
        }
        return body.length() < 300;
    }

    private String click() {
        return slack.buttonClick(SlackService.VIEWER, "caretaker.alert.ack", MARKER, false).toString();
    }

    private static String without(String json, String field) {
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) SlackService.json(json);
        node.remove(field);
        return node.toString();
    }

    private static String with(String json, String field, String value) {
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) SlackService.json(json);
        node.set(field, SlackService.json(value));
        return node.toString();
    }

    private static String interactivity(String payload) {
        return "payload=" + java.net.URLEncoder.encode(payload, java.nio.charset.StandardCharsets.UTF_8);
    }

    private String command(Map<String, String> overrides) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String pair : slack.slashCommand(SlackService.VIEWER, "e2e count").split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        fields.put("team_domain", MARKER);
        fields.putAll(overrides);
        fields.values().removeIf(String::isEmpty);
        return SlackService.form(fields);
    }
}
