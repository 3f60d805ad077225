package dev.caretaker.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.fake.slack.FakeSlack;
import dev.caretaker.security.Secret;
import dev.caretaker.security.SlackRequestVerifier;
import dev.caretaker.support.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code CARETAKER_LOG_FORMAT=json} on a real serving process (the service's own main class and logback.xml, in a
 * process of its own): it serves Slack commands, takes an Alertmanager alert and posts a digest, and every line it
 * writes is one JSON object; the lines of one invocation carry its request id, command, platform, user and channel,
 * the action's own lines on the worker thread included.
 */
class JsonLogsTest {

    private static final String SIGNING_SECRET = "json-logs-signing-secret-0123456789";
    private static final String ALERTS_TOKEN = "json-logs-alerts-token-0123456789";
    private static final String VIEWER = "U0VIEW";
    private static final String OPERATOR = "U0OPER";
    private static final String CHANNEL = "C0OPS";
    private static final Pattern REQUEST = Pattern.compile("request (r-[a-z0-9]{8})");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final HttpClient http = HttpClient.newHttpClient();
    private final SlackRequestVerifier signer = new SlackRequestVerifier(Secret.of(SIGNING_SECRET), Clock.systemUTC());

    @Test
    void everyLineOfAServingRunIsOneJsonObjectAndAnInvocationsLinesShareItsRequestId() throws Exception {
        Path dir = Files.createTempDirectory("caretaker-json-logs");
        Files.createDirectories(dir.resolve("commands"));
        Files.writeString(dir.resolve("commands/orders.yml"), """
                commands:
                  - name: orders count
                    summary: Counts orders in a table that is not there, so the action fails and logs why
                    role: viewer
                    kind: sql
                    statement: SELECT count(*) FROM no_such_orders_table
                """);
        Files.writeString(dir.resolve("caretaker.yml"), """
                caretaker:
                  commands-dir: %s
                  roles:
                    operator:
                      slack-users: [%s]
                  alerts:
                    default-channels: [slack:%s]
                """.formatted(dir.resolve("commands"), OPERATOR, CHANNEL));
        int port = freePort();
        try (FakeSlack slack = FakeSlack.start()) {
            slack.user(VIEWER, "vic").user(OPERATOR, "oscar");
            Map<String, String> env = new HashMap<>();
            env.put("CARETAKER_LOG_FORMAT", "json");
            env.put("MICRONAUT_CONFIG_FILES", dir.resolve("caretaker.yml").toString());
            env.put("MICRONAUT_SERVER_PORT", String.valueOf(port));
            env.put("MICRONAUT_SERVER_HOST", "127.0.0.1");
            env.put("DATASOURCES_DEFAULT_URL", TestDatabase.freshDatabaseUrl());
            env.put("DATASOURCES_DEFAULT_USERNAME", "postgres");
            env.put("DATASOURCES_DEFAULT_PASSWORD", "");
            env.put("SLACK_BOT_TOKEN", FakeSlack.BOT_TOKEN);
            env.put("SLACK_SIGNING_SECRET", SIGNING_SECRET);
            env.put("CARETAKER_SLACK_API_URL", slack.apiUrl());
            env.put("CARETAKER_ALERTS_TOKEN", ALERTS_TOKEN);
            Served run = serve(dir, env);
            try {
                awaitHealthy(run, port);
                assertEquals(200, slash(port, slack, VIEWER, "whoami").statusCode());
                HttpResponse<String> failed = slash(port, slack, VIEWER, "orders count");
                assertEquals(200, failed.statusCode());
                assertTrue(failed.body().contains("no_such_orders_table"), "the failure answers in the ack: " + failed.body());
                assertEquals(200, slash(port, slack, OPERATOR, "digest now").statusCode());
                slack.await("chat.postMessage", c -> c.allText().toLowerCase().contains("digest"), Duration.ofSeconds(60));
                String alert = fixture("/fixtures/alertmanager/firing-single.json");
                HttpResponse<String> intake = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/alerts/alertmanager"))
                        .header("Authorization", "Bearer " + ALERTS_TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(alert)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, intake.statusCode(), intake.body());
                slack.await("chat.postMessage", c -> c.allText().contains("HighErrorRate"), Duration.ofSeconds(20));
            } finally {
                run.process.destroy();
                if (!run.process.waitFor(30, TimeUnit.SECONDS)) {
                    run.process.destroyForcibly();
                }
            }

            List<JsonNode> lines = new ArrayList<>();
            for (Path file : List.of(run.stdout, run.stderr)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    lines.add(parse(line, file));
                }
            }
            assertTrue(lines.size() >= 10, "a serving run logs its start, its requests and its stop: " + lines);
            for (JsonNode line : lines) {
                assertTrue(line.hasNonNull("level") && line.hasNonNull("loggerName") && line.has("formattedMessage")
                        && line.hasNonNull("timestamp"), line.toString());
                Matcher m = REQUEST.matcher(line.path("formattedMessage").asText());
                if (m.find()) {
                    assertEquals(m.group(1), line.path("mdc").path("requestId").asText(),
                            "a line about a request carries its id: " + line);
                }
            }

            // the failing action logs on the worker it runs on; its lines and the dispatcher's share the MDC
            JsonNode failure = lines.stream()
                    .filter(l -> l.path("formattedMessage").asText().contains("orders count on"))
                    .findFirst().orElseThrow(() -> new AssertionError("no line from the failing action: " + lines));
            JsonNode mdc = failure.path("mdc");
            String requestId = mdc.path("requestId").asText();
            assertTrue(REQUEST.matcher("request " + requestId).matches(), failure.toString());
            assertEquals("orders count", mdc.path("command").asText(), failure.toString());
            assertEquals("slack", mdc.path("platform").asText(), failure.toString());
            assertEquals(VIEWER, mdc.path("user").asText(), failure.toString());
            assertEquals("slack:" + CHANNEL, mdc.path("channel").asText(), failure.toString());
            List<JsonNode> invocation = lines.stream()
                    .filter(l -> requestId.equals(l.path("mdc").path("requestId").asText())).toList();
            assertTrue(invocation.size() >= 2, "the action's line and the dispatcher's: " + invocation);
            for (JsonNode line : invocation) {
                assertEquals(mdc, line.path("mdc"), "every line of " + requestId + " has the same keys: " + line);
            }
            assertTrue(invocation.stream().anyMatch(l -> l.path("formattedMessage").asText().contains("-> Failed")),
                    "the dispatcher's line of the same invocation: " + invocation);
            // the MDC is cleared after each invocation: the lines of the stop carry none
            JsonNode last = lines.stream().filter(l -> l.path("formattedMessage").asText().contains("shutting down"))
                    .findFirst().orElseThrow(() -> new AssertionError("no line of the stop: " + lines));
            assertFalse(last.path("mdc").has("requestId"), last.toString());
        }
    }

    @Test
    void plainTextIsTheDefaultAndAnUnknownFormatIsOneSentence() throws Exception {
        Path dir = Files.createTempDirectory("caretaker-text-logs");
        Map<String, String> env = new HashMap<>();
        env.put("DATASOURCES_DEFAULT_URL", TestDatabase.freshDatabaseUrl());
        env.put("DATASOURCES_DEFAULT_USERNAME", "postgres");
        env.put("DATASOURCES_DEFAULT_PASSWORD", "");
        Served text = run(dir, env, "check-config");
        assertEquals(0, text.process.waitFor(), Files.readString(text.stdout) + Files.readString(text.stderr));
        List<String> logged = Files.readAllLines(text.stderr);
        assertFalse(logged.isEmpty());
        for (String line : logged) {
            assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} [A-Z]+ +\\S+ .*"), "text line: " + line);
        }

        env.put("CARETAKER_LOG_FORMAT", "xml");
        Served bad = run(dir, env, "check-config");
        assertEquals(3, bad.process.waitFor());
        List<String> said = Files.readAllLines(bad.stdout);
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).endsWith(ServerMessages.badLogFormat("xml")), said.get(0));
    }

    /** The process, and the files its two streams go to. */
    private record Served(Process process, Path stdout, Path stderr) {
    }

    private static Served serve(Path dir, Map<String, String> env) throws IOException {
        return run(dir, env);
    }

    private static Served run(Path dir, Map<String, String> env, String... args) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "dev.caretaker.Application"));
        command.addAll(List.of(args));
        String name = UUID.randomUUID().toString();
        Path stdout = dir.resolve(name + ".out");
        Path stderr = dir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("CARETAKER_") || k.startsWith("SLACK_")
                || k.startsWith("DISCORD_") || k.startsWith("DATASOURCES_") || k.startsWith("MICRONAUT_")
                || k.equals("REDIS_URI"));
        pb.environment().putAll(env);
        return new Served(pb.start(), stdout, stderr);
    }

    private void awaitHealthy(Served run, int port) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!run.process.isAlive()) {
                fail("Caretaker stopped: " + Files.readString(run.stdout) + Files.readString(run.stderr));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/health/readiness")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            run.process.waitFor(200, TimeUnit.MILLISECONDS);
        }
        fail("Caretaker was not healthy within 90 s: " + Files.readString(run.stderr));
    }

    private HttpResponse<String> slash(int port, FakeSlack slack, String user, String text) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("team_id", FakeSlack.TEAM_ID);
        form.put("channel_id", CHANNEL);
        form.put("user_id", user);
        form.put("user_name", user.toLowerCase());
        form.put("command", "/ops");
        form.put("text", text);
        form.put("response_url", slack.newResponseUrl());
        form.put("trigger_id", UUID.randomUUID().toString());
        byte[] body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8);
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", signer.sign(timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode parse(String line, Path file) {
        try {
            JsonNode node = JSON.readTree(line);
            assertTrue(node != null && node.isObject(), file.getFileName() + ": not a JSON object: " + line);
            return node;
        } catch (IOException e) {
            throw new AssertionError(file.getFileName() + ": not one JSON object: " + line, e);
        }
    }

    private static String fixture(String resource) throws IOException {
        try (InputStream in = JsonLogsTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
