package dev.caretaker.chat.slack;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.Gson;
import com.slack.api.app_backend.events.payload.AppMentionPayload;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.EventRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.UrlVerificationRequest;
import com.slack.api.bolt.util.SlackRequestParser;
import com.slack.api.util.json.GsonFactory;
import dev.caretaker.reliability.Ledger;
import dev.caretaker.security.Secret;
import dev.caretaker.security.SlackRequestVerifier;
import dev.caretaker.support.Mutants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;

/**
 * The decoding behind {@code POST /slack/events}, on generated and fuzzed bodies: the signature check and
 * {@link SlackRequestCheck} never throw, and whatever the check lets through, Bolt parses and binds into a payload
 * whose every field Caretaker's handler reads is there. So no body that passes reaches a handler that fails on it.
 */
class SlackRequestFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Gson GSON = GsonFactory.createSnakeCase();
    private static final SlackRequestParser PARSER = new SlackRequestParser(AppConfig.builder().build());
    private static final SlackRequestCheck CHECK = new SlackRequestCheck(JSON, "/ops", PARSER);
    private static final SlackRequestVerifier VERIFIER = new SlackRequestVerifier(Secret.of("fuzz-secret"),
            Clock.fixed(Instant.parse("2026-11-26T07:00:00Z"), ZoneOffset.UTC));
    private static final long SEED = 18_2026L;
    private static final int EXAMPLES = 300;
    private static final AtomicInteger FUZZED = new AtomicInteger();

    @Test
    void mutatedSlashCommandsEventsAndClicksAreDecidedAndWhatPassesBinds() {
        JsonNode command = JSON.valueToTree(Map.of("token", "t", "team_id", "T0TEST", "channel_id", "C0OPS",
                "user_id", "U0VIEW", "user_name", "vic", "command", "/ops", "text", "db status",
                "response_url", "https://hooks.slack.com/commands/1", "trigger_id", "1.2.abc", "api_app_id", "A0TEST"));
        JsonNode mention = SlackService.fixture("event-app-mention.json");
        ObjectNode click = (ObjectNode) SlackService.fixture("block-actions.json");
        ((ObjectNode) click.get("actions").get(0)).put("action_id", "caretaker.confirm");
        AtomicInteger runs = new AtomicInteger();
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(Mutants.of(command))
                .checkAssert(m -> decided(SlackRequestCheck.FORM, form(m), runs));
        qt().withFixedSeed(SEED + 1).withExamples(EXAMPLES).forAll(Mutants.of(mention))
                .checkAssert(m -> decided(SlackRequestCheck.JSON, m.toString(), runs));
        qt().withFixedSeed(SEED + 2).withExamples(EXAMPLES).forAll(Mutants.of(click))
                .checkAssert(m -> decided(SlackRequestCheck.FORM,
                        "payload=" + URLEncoder.encode(m.toString(), StandardCharsets.UTF_8), runs));
        assertTrue(runs.get() > 0, "some mutants are still well formed and pass");
        Ledger.record(Ledger.Promise.INPUT, "Slack command forms, events and clicks, mutated: checked, and what passes binds",
                SlackRequestFuzzTest.class, 3L * EXAMPLES, 0, 3L * EXAMPLES, 0);
    }

    /**
     * Raw bytes, replayed from the committed corpus in {@code mvn verify}: a content-type line, a timestamp line, a
     * signature line, then the body (files a person can read and add to).
     */
    @FuzzTest
    void anyBodyAndHeaders(byte[] data) {
        FUZZED.incrementAndGet();
        String[] head = new String[3];
        int at = 0;
        for (int i = 0; i < 3; i++) {
            int nl = at;
            while (nl < data.length && data[nl] != '\n') {
                nl++;
            }
            head[i] = new String(data, at, nl - at, StandardCharsets.UTF_8);
            at = Math.min(data.length, nl + 1);
        }
        byte[] body = java.util.Arrays.copyOfRange(data, at, data.length);
        VERIFIER.verify(head[1], head[2], body);
        VERIFIER.verify(head[1], VERIFIER.sign(head[1], body), body);
        SlackRequestCheck.Verdict verdict = CHECK.check(head[0], body);
        if (verdict instanceof SlackRequestCheck.Run) {
            bolt(head[0], new String(body, StandardCharsets.UTF_8));
        }
    }

    @AfterAll
    static void record() {
        Ledger.record(Ledger.Promise.INPUT, "Slack signature check and body decoding on the fuzz corpus",
                SlackRequestFuzzTest.class, FUZZED.get(), 0, FUZZED.get(), 0);
    }

    private static void decided(String contentType, String body, AtomicInteger runs) {
        SlackRequestCheck.Verdict verdict = CHECK.check(contentType, body.getBytes(StandardCharsets.UTF_8));
        assertFalse(verdict.reason().contains("U0VIEW") || verdict.reason().contains("C0OPS"),
                "the reason never quotes the body: " + verdict.reason());
        if (verdict instanceof SlackRequestCheck.Run) {
            runs.incrementAndGet();
            bolt(contentType, body);
        }
    }

    /** Bolt parses it into the request the check said, and the handler's fields are all there. */
    private static void bolt(String contentType, String body) {
        Request<?> request = PARSER.parse(SlackRequestParser.HttpRequest.builder().requestUri("/slack/events")
                .headers(new RequestHeaders(Map.of("Content-Type", List.of(contentType)))).requestBody(body).build());
        switch (request) {
            case SlashCommandRequest s -> {
                SlashCommandPayload p = s.getPayload();
                assertNotNull(p.getUserId(), body);
                assertNotNull(p.getChannelId(), body);
                assertNotNull(p.getTriggerId(), body);
            }
            case BlockActionRequest b -> {
                BlockActionPayload p = b.getPayload();
                assertNotNull(p.getUser(), body);
                assertNotNull(p.getUser().getId(), body);
                assertFalse(p.getActions().isEmpty(), body);
                assertNotNull(p.getActions().get(0).getActionId(), body);
                assertNotNull(p.getContainer(), body);
                // as SlackBoltApp reads it
                assertNotNull(p.getChannel() != null && p.getChannel().getId() != null ? p.getChannel().getId()
                        : p.getContainer().getChannelId(), body);
            }
            case EventRequest e -> {
                AppMentionPayload p = GSON.fromJson(e.getRequestBodyAsString(), AppMentionPayload.class);
                assertNotNull(p.getEvent().getUser(), body);
                assertNotNull(p.getEvent().getChannel(), body);
                assertNotNull(p.getEvent().getText(), body);
                assertNotNull(p.getEventId(), body);
            }
            case UrlVerificationRequest u -> assertNotNull(u.getChallenge(), body);
            case null, default -> fail("passed the check but Bolt reads it as " + request + ": " + body);
        }
    }

    private static String form(JsonNode fields) {
        StringBuilder out = new StringBuilder();
        Iterator<Map.Entry<String, JsonNode>> it = fields.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!out.isEmpty()) {
                out.append('&');
            }
            String value = f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString();
            out.append(URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return out.toString();
    }
}
