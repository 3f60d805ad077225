package dev.caretaker.ha;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caretaker.fake.slack.FakeSlack;
import dev.caretaker.reliability.Ledger;
import dev.caretaker.security.Secret;
import dev.caretaker.security.SlackRequestVerifier;
import dev.caretaker.store.AuditRecord;
import dev.caretaker.support.Await;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Identical Slack deliveries reaching different replicas (behind a load balancer, Slack's retries land anywhere) run the
 * action once: signed HTTP requests to three replicas' {@code /slack/events}, sharing PostgreSQL and Redis.
 */
class SlackRetriesAcrossReplicasTest {

    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String OPERATOR = "U_OPERATOR";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newHttpClient();
    private final SlackRequestVerifier signer = new SlackRequestVerifier(Secret.of(SECRET), Clock.systemUTC());

    @Test
    void theSameSlashCommandOnThreeReplicasAtOnceRunsOnceAndOneAckCarriesTheAnswer() throws Exception {
        int commands = 5;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (FakeSlack slack = FakeSlack.start(); Replicas replicas = new Replicas(temp)) {
            slack.user(OPERATOR, "otto");
            List<ApplicationContext> r = replicas.start(3, slackOn(slack), SlackRetriesAcrossReplicasTest::serve);
            long answered = 0;
            long empty = 0;
            for (int i = 0; i < commands; i++) {
                String body = slashCommand(slack, "test run say=slash" + i);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> sent = new ArrayList<>();
                for (int copy = 0; copy < r.size(); copy++) {
                    ApplicationContext replica = r.get(copy);
                    // each copy signed afresh, as Slack signs every delivery (the same signature twice is a replay)
                    Instant signedAt = Instant.now().minusSeconds(copy);
                    sent.add(pool.submit(() -> {
                        go.await();
                        return post(replica, body, "application/x-www-form-urlencoded", signedAt, Map.of());
                    }));
                }
                go.countDown();
                String answer = "ran test run slash" + i;
                for (Future<HttpResponse<String>> f : sent) {
                    HttpResponse<String> response = f.get(30, TimeUnit.SECONDS);
                    assertEquals(200, response.statusCode(), response.body());
                    if (response.body().contains(answer)) {
                        answered++;
                    } else if (response.body().contains("Running")) {
                        // a loaded machine took longer than the ack may wait: the answer follows on the response URL
                        slack.await("response_url", c -> c.allText().contains(answer), WAIT);
                        answered++;
                    } else {
                        assertTrue(response.body().isBlank(), "a repeat is acknowledged quietly: " + response.body());
                        empty++;
                    }
                }
            }
            assertEquals(commands, answered, "one ack per command carries its answer");
            assertEquals(2L * commands, empty);
            long once = 0;
            long extra = 0;
            for (int i = 0; i < commands; i++) {
                long runs = replicas.runs("slash" + i);
                once += runs == 1 ? 1 : 0;
                extra += Math.max(0, runs - 1);
            }
            assertEquals(commands, once);
            List<AuditRecord> audit = replicas.audit("test run");
            assertEquals(commands, audit.size(), "one audit row per command: " + audit);
            Ledger.record(Ledger.Promise.ACTIONS, "The same slash command (trigger id) on 3 replicas at once",
                    SlackRetriesAcrossReplicasTest.class, 3L * commands, 0, once, extra);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEventAndItsRetriesOnOtherReplicasRunOnce() throws Exception {
        try (FakeSlack slack = FakeSlack.start(); Replicas replicas = new Replicas(temp)) {
            slack.user(OPERATOR, "otto");
            List<ApplicationContext> r = replicas.start(3, slackOn(slack), SlackRetriesAcrossReplicasTest::serve);
            String mention = appMention("test run say=mention", "Ev0HARETRY1");
            // the first delivery, then Slack's retries (it saw no ack in time, and signs each retry afresh) reaching the
            // other two replicas
            Instant now = Instant.now();
            assertEquals(200, post(r.get(0), mention, "application/json", now.minusSeconds(2), Map.of()).statusCode());
            assertEquals(200, post(r.get(1), mention, "application/json", now.minusSeconds(1),
                    Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout")).statusCode());
            assertEquals(200, post(r.get(2), mention, "application/json", now,
                    Map.of("X-Slack-Retry-Num", "2", "X-Slack-Retry-Reason", "http_timeout")).statusCode());

            slack.await("chat.postMessage", c -> c.allText().contains("ran test run mention"), WAIT);
            Await.until(WAIT, "every replica decided on its copy", () -> dedup(r, "first") + dedup(r, "repeat") == 3);
            assertEquals(1, dedup(r, "first"));
            assertEquals(2, dedup(r, "repeat"), "two copies were found repeats");
            assertEquals(1, replicas.runs("mention"), "the action ran once");
            assertEquals(1, slack.calls("chat.postMessage").stream()
                    .filter(c -> c.allText().contains("ran test run mention")).count(), "one answer in the channel");
            assertEquals(1, replicas.audit("test run").size());
            Ledger.record(Ledger.Promise.ACTIONS, "A Slack event and its retries (X-Slack-Retry-Num 1, 2) on 3 replicas",
                    SlackRetriesAcrossReplicasTest.class, 3, 0, replicas.runs("mention"),
                    Math.max(0, replicas.runs("mention") - 1));
        }
    }

    private static double dedup(List<ApplicationContext> replicas, String decision) {
        return replicas.stream().mapToDouble(c -> c.getBean(MeterRegistry.class).find("caretaker.dedup")
                .tag("decision", decision).counters().stream().mapToDouble(x -> x.count()).sum()).sum();
    }

    private static Map<String, Object> slackOn(FakeSlack slack) {
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.server.host", "127.0.0.1");
        p.put("caretaker.slack.bot-token", FakeSlack.BOT_TOKEN);
        p.put("caretaker.slack.signing-secret", SECRET);
        p.put("caretaker.slack.api-url", slack.apiUrl());
        return p;
    }

    private static ApplicationContext serve(ApplicationContext c) {
        c.getBean(EmbeddedServer.class).start();
        return c;
    }

    private static String slashCommand(FakeSlack slack, String text) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("team_id", FakeSlack.TEAM_ID);
        form.put("channel_id", "COPS");
        form.put("channel_name", "ops");
        form.put("user_id", OPERATOR);
        form.put("user_name", "otto");
        form.put("command", "/ops");
        form.put("text", text);
        form.put("api_app_id", "A0TEST");
        form.put("response_url", slack.newResponseUrl());
        form.put("trigger_id", UUID.randomUUID().toString());
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static String appMention(String text, String eventId) throws IOException {
        try (InputStream in = SlackRetriesAcrossReplicasTest.class.getResourceAsStream("/fixtures/slack/event-app-mention.json")) {
            JsonNode event = JSON.readTree(in);
            ((ObjectNode) event.get("event")).put("user", OPERATOR).put("channel", "COPS").put("text", "<@U0BOT> " + text);
            ((ObjectNode) event).put("event_id", eventId);
            return event.toString();
        }
    }

    private HttpResponse<String> post(ApplicationContext replica, String body, String contentType, Instant signedAt,
                                      Map<String, String> headers) throws IOException, InterruptedException {
        String timestamp = String.valueOf(signedAt.getEpochSecond());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(replica.getBean(EmbeddedServer.class).getURL() + "/slack/events"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType)
                .header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", signer.sign(timestamp, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach(request::setHeader);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
