package dev.caretaker.reliability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.caretaker.fake.slack.FakeSlack;
import dev.caretaker.fake.slack.SlackCall;
import dev.caretaker.security.Secret;
import dev.caretaker.security.SlackRequestVerifier;
import dev.caretaker.support.CommandFiles;
import dev.caretaker.support.FakePrograms;
import dev.caretaker.support.TestContexts;
import dev.caretaker.support.TestDatabase;
import dev.caretaker.support.TestRedis;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets planted everywhere Caretaker could meet one (its Slack tokens, its database password, a target's connection
 * string with a password, a Redis password, the health token, AWS keys in a program's output, tokens typed into a
 * command, a password in an exception) never appear in what leaves the process: replies (acks, response URLs, Web API
 * calls), logs in both formats (the plain pattern and the JSON encoder of logback.xml), the audit, or {@code /health}.
 */
class PlantedSecretsTest {

    private static final String SIGNING = "planted-signing-secret-5f1c0d2e9a";
    private static final String HEALTH = "planted-health-token-7b3e91";
    private static final String DB_PASSWORD = "Pl4nted-db-pw-31f7";
    private static final String TARGET_PASSWORD = "Pl4nted-target-pw-8c2d";
    private static final String REDIS_PASSWORD = "Pl4nted-redis-pw-44aa";
    private static final String AWS_KEY_ID = "AKIAPLANTED7EXAMPLE0";
    private static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYPLANTEDKEY";
    private static final String TYPED_TOKEN = "xoxb-9911-planted-typed-token";
    private static final String DISCORD_TOKEN = "MTAxNzk0MjQ0NTU2NDMyOTA4Mg.GplAnT.planted-discord-token-abcdefghijklmnop";
    private static final String EXCEPTION_PASSWORD = "hunter2";
    private static final List<String> PLANTED = List.of(FakeSlack.BOT_TOKEN, SIGNING, HEALTH, DB_PASSWORD,
            TARGET_PASSWORD, REDIS_PASSWORD, AWS_KEY_ID, AWS_SECRET, TYPED_TOKEN, DISCORD_TOKEN, EXCEPTION_PASSWORD);
    private static final String CHANNEL = "C0OPS";
    private static final String ADMIN = "U0ADMIN";

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();
    private final SlackRequestVerifier signer = new SlackRequestVerifier(Secret.of(SIGNING), Clock.systemUTC());

    @Test
    void plantedSecretsReachNoReplyLogAuditOrHealthAnswer() throws Exception {
        FakePrograms programs = new FakePrograms(tmp.resolve("bin"));
        programs.add("aws-env", "AWS_ACCESS_KEY_ID=" + AWS_KEY_ID + "\nAWS_SECRET_ACCESS_KEY=" + AWS_SECRET
                + "\naws_secret_access_key = " + AWS_SECRET + "\nregion=eu-west-1\n", 0);
        String commands = CommandFiles.PIPELINE + """
                  - name: cloud env
                    summary: prints a cloud credentials file, as a careless script would
                    role: viewer
                    kind: exec
                    argv: [aws-env]
                """;
        String targetDb = TestDatabase.freshDatabaseUrl();
        String targetUrl = targetDb.replaceFirst("jdbc:postgresql://", "jdbc:postgresql://")
                + (targetDb.contains("?") ? "&" : "?") + "password=" + TARGET_PASSWORD;
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        List<OutputStreamAppender<ILoggingEvent>> appenders = List.of(capture(plain, plainEncoder()),
                capture(json, jsonEncoder()));
        List<String> answers = new ArrayList<>();
        try (FakeSlack fake = FakeSlack.start(); TestRedis redis = new TestRedis()) {
            fake.user(ADMIN, "ada");
            Map<String, Object> p = TestContexts.properties();
            p.put("datasources.default.password", DB_PASSWORD);
            p.put("micronaut.server.port", 0);
            p.put("micronaut.server.host", "127.0.0.1");
            p.put("caretaker.commands-dir", CommandFiles.dir(tmp, "test.yml", commands).toString());
            p.put("caretaker.exec.path", programs.path());
            p.put("caretaker.probes.enabled", false);
            p.put("caretaker.slack.bot-token", FakeSlack.BOT_TOKEN);
            p.put("caretaker.slack.signing-secret", SIGNING);
            p.put("caretaker.slack.api-url", fake.apiUrl());
            p.put("caretaker.health.token", HEALTH);
            p.put("caretaker.roles.admin.slack-users", List.of(ADMIN));
            p.put("caretaker.roles.operator.slack-users", List.of(ADMIN));
            p.put("caretaker.targets.shop.type", "postgres");
            p.put("caretaker.targets.shop.url", targetUrl);
            p.put("caretaker.targets.shop.username", "postgres");
            p.put("caretaker.targets.shop.password", TARGET_PASSWORD);
            p.put("caretaker.targets.cache.type", "redis");
            p.put("caretaker.targets.cache.uri", "redis://:" + REDIS_PASSWORD + "@127.0.0.1:" + redis.port());
            try (ApplicationContext context = TestContexts.start(p)) {
                EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
                int port = server.getPort();
                List<String> lines = List.of("whoami", "status", "db status target=shop", "db sizes target=shop",
                        "cache stats target=cache", "test run fail=true", "cloud env",
                        "test run say=" + TYPED_TOKEN, "test run say=password=" + DB_PASSWORD,
                        "test run say=" + DISCORD_TOKEN, "test run say=postgres://app:" + TARGET_PASSWORD + "@db/app",
                        "test run say=aws_secret_access_key=" + AWS_SECRET, "test run say=" + AWS_KEY_ID,
                        "no such command " + TYPED_TOKEN);
                for (String line : lines) {
                    HttpResponse<String> ack = slash(port, fake, line);
                    answers.add(ack.statusCode() + " " + ack.body());
                }
                // each of these answers in its ack (none takes 3 s); whatever else reached Slack is read below
                for (String path : List.of("/health", "/health/liveness", "/health/readiness")) {
                    answers.add(get(port, path, null));
                    answers.add(get(port, path, HEALTH));
                    answers.add(get(port, path, "wrong-" + HEALTH));
                }
                for (SlackCall call : fake.calls()) {
                    answers.add(call.toString());
                }
                List<String> audit = new ArrayList<>();
                try (Connection c = TestDatabase.connect(context); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("select * from audit_log")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            audit.add(String.valueOf(rs.getObject(i)));
                        }
                    }
                }
                assertTrue(audit.size() > lines.size(), "the commands were audited");

                detach(appenders);
                Map<String, String> outputs = new LinkedHashMap<>();
                outputs.put("replies", String.join("\n", answers));
                outputs.put("plain logs", plain.toString(StandardCharsets.UTF_8));
                outputs.put("JSON logs", json.toString(StandardCharsets.UTF_8));
                outputs.put("audit", String.join("\n", audit));
                assertTrue(outputs.get("plain logs").contains("request r-"), "the logs were captured");
                assertTrue(outputs.get("JSON logs").contains("\"formattedMessage\""), "the JSON logs were captured");
                assertTrue(outputs.get("replies").contains("AWS_SECRET_ACCESS_KEY"), "the program's output was shown");
                List<String> leaks = new ArrayList<>();
                for (var out : outputs.entrySet()) {
                    for (String secret : PLANTED) {
                        for (String form : List.of(secret, URLEncoder.encode(secret, StandardCharsets.UTF_8))) {
                            if (out.getValue().contains(form)) {
                                int at = out.getValue().indexOf(form);
                                leaks.add(out.getKey() + " show " + secret + ": …"
                                        + out.getValue().substring(Math.max(0, at - 120), Math.min(out.getValue().length(),
                                        at + form.length() + 40)).replace('\n', ' ') + "…");
                            }
                        }
                    }
                }
                assertEquals(List.of(), leaks);
                Ledger.record(Ledger.Promise.SECRETS, "planted secrets (Slack, Discord, database, connection string, "
                        + "Redis, AWS, health token, typed, in an exception) vs replies, plain and JSON logs, audit, "
                        + "/health", PlantedSecretsTest.class, (long) PLANTED.size() * outputs.size(), lines.size() + 9L,
                        (long) PLANTED.size() * outputs.size(), leaks.size());
            }
        } finally {
            detach(appenders);
        }
    }

    private HttpResponse<String> slash(int port, FakeSlack fake, String text) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("team_id", FakeSlack.TEAM_ID);
        form.put("channel_id", CHANNEL);
        form.put("user_id", ADMIN);
        form.put("user_name", "ada");
        form.put("command", "/ops");
        form.put("text", text);
        form.put("response_url", fake.newResponseUrl());
        form.put("trigger_id", UUID.randomUUID().toString());
        byte[] body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"))
                .getBytes(StandardCharsets.UTF_8);
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", signer.sign(timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String get(int port, String path, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.headers().map() + " " + response.body();
    }

    /** The plain format of logback.xml: the same pattern. */
    private static Encoder<ILoggingEvent> plainEncoder() {
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{24} %X{requestId:-} - %msg%n");
        return e;
    }

    /** The JSON format of logback.xml (CARETAKER_LOG_FORMAT=json): the same encoder and settings. */
    private static Encoder<ILoggingEvent> jsonEncoder() {
        JsonEncoder e = new JsonEncoder();
        e.setWithSequenceNumber(false);
        e.setWithNanoseconds(false);
        e.setWithContext(false);
        e.setWithMessage(false);
        e.setWithArguments(false);
        e.setWithFormattedMessage(true);
        return e;
    }

    private static OutputStreamAppender<ILoggingEvent> capture(ByteArrayOutputStream into, Encoder<ILoggingEvent> encoder) {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        encoder.setContext(logging);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> a = new OutputStreamAppender<>();
        a.setContext(logging);
        a.setEncoder(encoder);
        a.setOutputStream(into);
        a.setName("planted-secrets-" + UUID.randomUUID());
        a.start();
        logging.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(a);
        return a;
    }

    private static void detach(List<OutputStreamAppender<ILoggingEvent>> appenders) {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        for (OutputStreamAppender<ILoggingEvent> a : appenders) {
            root.detachAppender(a);
            a.stop();
        }
    }
}
