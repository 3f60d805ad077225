package dev.caretaker.chat.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.fake.slack.FakeSlack;
import dev.caretaker.security.Secret;
import dev.caretaker.security.SlackRequestVerifier;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Caretaker with Slack on, as deployed: the Micronaut server with the real Dispatcher, a fresh database on
 * the tests' embedded PostgreSQL and the in-memory coordinator, talking to a {@link FakeSlack}. Sends requests
 * signed like Slack signs them.
 */
final class SlackService implements AutoCloseable {

    static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String ADMIN = "U0ADMIN";
    static final String OPERATOR = "U0OPER";
    static final String VIEWER = "U0VIEW";
    static final String OPERATORS_GROUP = "S0OPS";
    static final String CHANNEL = "C0OPS";

    static final String COMMANDS = """
            commands:
              - name: e2e terminate
                summary: Stand-in for an admin-only command
                role: admin
                action: test.count
                args:
                  - {name: pid, type: int, required: true}
              - name: e2e vacuum
                summary: Stand-in for a command that needs confirmation
                role: operator
                confirm: true
                action: test.count
                args:
                  - {name: table, type: string}
              - name: e2e failover
                summary: Stand-in for a command a second person must approve
                role: operator
                approval: 2
                action: test.count
              - name: e2e count
                summary: Counts its runs
                role: viewer
                action: test.count
              - name: e2e slow
                summary: Takes three seconds and reports progress
                role: viewer
                action: test.slow
              - name: e2e quiet
                summary: Takes three seconds without progress
                role: viewer
                action: test.quiet-slow
              - name: e2e table
                summary: Answers 200 rows
                role: viewer
                action: test.table
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    final FakeSlack fake;
    final ApplicationContext context;
    final EmbeddedServer server;
    private final Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final SlackRequestVerifier signer = new SlackRequestVerifier(Secret.of(SIGNING_SECRET), Clock.systemUTC());

    private SlackService(FakeSlack fake, Path dir, ApplicationContext context) {
        this.fake = fake;
        this.dir = dir;
        this.context = context;
        this.server = context.getBean(EmbeddedServer.class);
    }

    /** Starts in HTTP mode, or in Socket Mode when {@code socketMode}. */
    static SlackService start(boolean socketMode) {
        FakeSlack fake = FakeSlack.start();
        fake.usergroup(OPERATORS_GROUP, OPERATOR).user(ADMIN, "ada").user(OPERATOR, "oscar").user(VIEWER, "vic");
        try {
            Path dir = Files.createTempDirectory("caretaker-slack-e2e");
            Path commands = Files.createDirectories(dir.resolve("commands"));
            Files.writeString(commands.resolve("e2e.yml"), COMMANDS, StandardCharsets.UTF_8);
            Map<String, Object> props = TestContexts.properties();
            props.put("micronaut.server.host", "127.0.0.1");
            props.put("caretaker.commands-dir", commands.toString());
            props.put("caretaker.test.slack-actions", "true");
            props.put("caretaker.slack.bot-token", FakeSlack.BOT_TOKEN);
            props.put("caretaker.slack.signing-secret", SIGNING_SECRET);
            props.put("caretaker.slack.api-url", fake.apiUrl());
            props.put("caretaker.slack.progress-interval", "200ms");
            props.put("caretaker.roles.admin.slack-users", List.of(ADMIN));
            props.put("caretaker.roles.operator.slack-usergroups", List.of(OPERATORS_GROUP));
            if (socketMode) {
                props.put("caretaker.slack.app-token", FakeSlack.APP_TOKEN);
            }
            ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).properties(props)
                    .environments("test").start();
            context.getBean(EmbeddedServer.class).start();
            return new SlackService(fake, dir, context);
        } catch (IOException e) {
            fake.close();
            throw new UncheckedIOException(e);
        }
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    int runs() {
        return bean(SlackTestActions.Runs.class).count();
    }

    int runs(String command) {
        return bean(SlackTestActions.Runs.class).count(command);
    }

    // ---- requests as Slack sends them -----------------------------------------------------------

    /** The form body of a slash command typed by {@code user}. */
    String slashCommand(String user, String text) {
        return form(slashCommandFields(user, text));
    }

    /** A slash command as Socket Mode delivers it: the same fields, as JSON. */
    JsonNode slashCommandJson(String user, String text) {
        return JSON.valueToTree(slashCommandFields(user, text));
    }

    private Map<String, String> slashCommandFields(String user, String text) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", "legacy-verification-token");
        form.put("team_id", FakeSlack.TEAM_ID);
        form.put("team_domain", "example");
        form.put("channel_id", CHANNEL);
        form.put("channel_name", "ops");
        form.put("user_id", user);
        form.put("user_name", user.toLowerCase());
        form.put("command", "/ops");
        form.put("text", text);
        form.put("api_app_id", "A0TEST");
        form.put("response_url", fake.newResponseUrl());
        form.put("trigger_id", UUID.randomUUID().toString());
        return form;
    }

    /** The app-mention fixture with its text and user replaced. */
    String appMention(String user, String text, String eventId) {
        JsonNode event = fixture("event-app-mention.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("event")).put("user", user).put("text", "<@U0BOT> " + text);
        ((com.fasterxml.jackson.databind.node.ObjectNode) event).put("event_id", eventId);
        return event.toString();
    }

    /** The block-actions fixture as a click by {@code user} on a Caretaker button. */
    JsonNode buttonClick(String user, String actionId, String token, boolean ephemeral) {
        JsonNode click = fixture("block-actions.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) click.get("user")).put("id", user).put("name", user.toLowerCase());
        ((com.fasterxml.jackson.databind.node.ObjectNode) click.get("container")).put("is_ephemeral", ephemeral);
        ((com.fasterxml.jackson.databind.node.ObjectNode) click).put("response_url", fake.newResponseUrl());
        com.fasterxml.jackson.databind.node.ObjectNode action =
                (com.fasterxml.jackson.databind.node.ObjectNode) click.get("actions").get(0);
        action.put("action_id", actionId).put("value", token);
        return click;
    }

    static String interactivityForm(JsonNode payload) {
        return "payload=" + URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8);
    }

    static JsonNode fixture(String name) {
        try (var in = SlackService.class.getResourceAsStream("/fixtures/slack/" + name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** POSTs to /slack/events signed at {@code signedAt}. */
    HttpResponse<String> post(String body, String contentType, Instant signedAt, Map<String, String> extraHeaders) {
        String timestamp = String.valueOf(signedAt.getEpochSecond());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + "/slack/events"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", signer.sign(timestamp, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        extraHeaders.forEach(request::setHeader);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> postForm(String body) {
        return post(body, "application/x-www-form-urlencoded", Instant.now(), Map.of());
    }

    HttpResponse<String> postJson(String body, Map<String, String> extraHeaders) {
        return post(body, "application/json", Instant.now(), extraHeaders);
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            fake.close();
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp directory left behind is harmless.
        }
    }
}
