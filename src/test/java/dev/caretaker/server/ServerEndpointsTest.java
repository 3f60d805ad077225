package dev.caretaker.server;

import dev.caretaker.fake.slack.FakeSlack;
import dev.caretaker.reliability.Ledger;
import dev.caretaker.security.BodyLimits;
import dev.caretaker.support.Contexts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a stranger on the network can reach: the six paths of the design and nothing else, {@code /health} with
 * states only unless the caller has the health token, and error bodies without exception text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerEndpointsTest {

    private static final String HEALTH_TOKEN = "health-token-for-tests-0123456789";
    private static final String ALERTS_TOKEN = "alerts-token-for-tests-0123456789";
    /** Status and component states only: no URL, user name, size or version fits in it. */
    private static final Pattern ANONYMOUS_HEALTH =
            Pattern.compile("\\{\"status\":\"(UP|DOWN)\",\"components\":\\{(\"[A-Za-z]+\":\"(UP|DOWN|UNKNOWN)\",?)+}}");

    /** Paths scanners try on any Java service; none may answer. */
    private static final List<String> COMMON_PATHS = List.of("/", "/metrics", "/metrics/jvm.memory.used", "/env",
            "/beans", "/loggers", "/info", "/routes", "/threaddump", "/refresh", "/stop", "/caches", "/health/jdbc",
            "/health/diskSpace", "/health/coordinator", "/health/", "/health/liveness/x", "/swagger",
            "/swagger-ui", "/swagger-ui/index.html", "/openapi", "/v3/api-docs", "/admin", "/actuator",
            "/actuator/health", "/actuator/env", "/management", "/console", "/prometheus/", "/slack", "/alerts",
            "/favicon.ico", "/index.html", "/.env", "/.git/config", "/WEB-INF/web.xml", "/debug", "/trace",
            "/heapdump", "/jolokia", "/graphql", "/status", "/../etc/passwd", "/%2e%2e/etc/passwd");

    private final HttpClient http = HttpClient.newHttpClient();
    private final SwitchableIndicator switchable = new SwitchableIndicator();
    private FakeSlack slack;
    private ApplicationContext context;
    private int port;

    @BeforeAll
    void start() {
        slack = FakeSlack.start();
        context = Contexts.start(Map.of(
                "micronaut.server.host", "127.0.0.1",
                "caretaker.slack.bot-token", FakeSlack.BOT_TOKEN,
                "caretaker.slack.signing-secret", "8f742231b10e8888abcd99yyyzzz85a5",
                "caretaker.slack.api-url", slack.apiUrl(),
                "caretaker.health.token", HEALTH_TOKEN,
                "caretaker.alerts.token", ALERTS_TOKEN), switchable);
        port = context.getBean(EmbeddedServer.class).start().getPort();
    }

    @AfterAll
    void stop() {
        context.close();
        slack.close();
    }

    @Test
    void commonPathsAnswer404WithAGenericBody() throws Exception {
        for (String path : COMMON_PATHS) {
            for (String method : List.of("GET", "POST")) {
                HttpResponse<String> r = send(port, method, path, Map.of(), "{}");
                assertEquals(404, r.statusCode(), method + " " + path + " answered " + r.body());
                assertGeneric(r);
            }
        }
    }

    @Test
    void theSixPathsAnswer() throws Exception {
        assertEquals(200, send(port, "GET", "/health", Map.of(), null).statusCode());
        assertEquals(200, send(port, "GET", "/health/liveness", Map.of(), null).statusCode());
        assertEquals(200, send(port, "GET", "/health/readiness", Map.of(), null).statusCode());
        HttpResponse<String> prometheus = send(port, "GET", "/prometheus", Map.of(), null);
        assertEquals(200, prometheus.statusCode());
        assertTrue(prometheus.body().contains("jvm_memory_used_bytes"), prometheus.body());
        // unsigned: refused, but the route is there
        assertEquals(401, send(port, "POST", "/slack/events", Map.of("Content-Type", "application/json"), "{}")
                .statusCode());
        assertEquals(401, send(port, "POST", "/alerts/alertmanager", Map.of("Content-Type", "application/json"), "{}")
                .statusCode());
    }

    @Test
    void anonymousHealthShowsStatesOnly() throws Exception {
        for (String path : List.of("/health", "/health/liveness", "/health/readiness")) {
            for (Map<String, String> headers : List.of(Map.<String, String>of(),
                    Map.of("Authorization", "Bearer wrong-token"), Map.of("Authorization", HEALTH_TOKEN))) {
                HttpResponse<String> r = send(port, "GET", path, headers, null);
                assertTrue(ANONYMOUS_HEALTH.matcher(r.body()).matches(), path + " " + headers + ": " + r.body());
                assertFalse(r.body().contains("postgres"), r.body());
            }
        }
        String all = send(port, "GET", "/health", Map.of(), null).body();
        for (String component : List.of("\"jdbc\":\"UP\"", "\"coordinator\":\"UP\"", "\"diskSpace\":\"UP\"")) {
            assertTrue(all.contains(component), all);
        }
        assertTrue(send(port, "GET", "/health/liveness", Map.of(), null).body().contains("\"deadlockedThreads\":\"UP\""));
    }

    @Test
    void theHealthTokenShowsDetails() throws Exception {
        HttpResponse<String> r = send(port, "GET", "/health", Map.of("Authorization", "Bearer " + HEALTH_TOKEN), null);
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("jdbc:postgresql://"), r.body());
        assertTrue(r.body().contains("\"threshold\""), "disk space details: " + r.body());
        assertFalse(ANONYMOUS_HEALTH.matcher(r.body()).matches());
    }

    @Test
    void aComponentDownAnswers503AndSaysWhich() throws Exception {
        switchable.status = HealthStatus.DOWN;
        try {
            HttpResponse<String> r = send(port, "GET", "/health/readiness", Map.of(), null);
            assertEquals(503, r.statusCode(), r.body());
            assertTrue(r.body().startsWith("{\"status\":\"DOWN\""), r.body());
            assertTrue(r.body().contains("\"switchable\":\"DOWN\""), r.body());
            assertTrue(ANONYMOUS_HEALTH.matcher(r.body()).matches(), r.body());
            assertEquals(200, send(port, "GET", "/health/liveness", Map.of(), null).statusCode(),
                    "a readiness component down does not restart the process");
        } finally {
            switchable.status = HealthStatus.UP;
        }
        assertEquals(200, send(port, "GET", "/health/readiness", Map.of(), null).statusCode());
    }

    @Test
    void badRequestsGetGenericBodies() throws Exception {
        // wrong method, wrong media type, a body that is no notification, a forged Slack request
        List<HttpResponse<String>> answers = List.of(
                send(port, "POST", "/health", Map.of("Content-Type", "application/json"), "{\"x\":1}"),
                send(port, "DELETE", "/prometheus", Map.of(), null),
                send(port, "GET", "/slack/events", Map.of(), null),
                send(port, "GET", "/alerts/alertmanager", Map.of(), null),
                send(port, "POST", "/slack/events", Map.of("Content-Type", "text/xml"), "<x/>"),
                send(port, "POST", "/slack/events", Map.of("Content-Type", "application/json"), "{not json"),
                send(port, "POST", "/alerts/alertmanager", Map.of("Content-Type", "application/json",
                        "Authorization", "Bearer " + ALERTS_TOKEN), "{not json"),
                send(port, "POST", "/alerts/alertmanager", Map.of("Content-Type", "application/json",
                        "Authorization", "Bearer " + ALERTS_TOKEN), "[1,2,3]"));
        for (HttpResponse<String> r : answers) {
            assertTrue(r.statusCode() >= 400 && r.statusCode() < 500,
                    r.request().method() + " " + r.request().uri() + " answered " + r.statusCode() + " " + r.body());
            assertGeneric(r);
        }
    }

    @Test
    void aManagementPortTakesPrometheusOffTheMainPort() throws Exception {
        int management = freePort();
        try (ApplicationContext separate = Contexts.start(Map.of("micronaut.server.host", "127.0.0.1",
                "CARETAKER_MANAGEMENT_PORT", management))) {
            int main = separate.getBean(EmbeddedServer.class).start().getPort();
            HttpResponse<String> scrape = send(management, "GET", "/prometheus", Map.of(), null);
            assertEquals(200, scrape.statusCode());
            assertTrue(scrape.body().contains("jvm_memory_used_bytes"), scrape.body());
            assertEquals(404, send(main, "GET", "/prometheus", Map.of(), null).statusCode());
            assertEquals(200, send(main, "GET", "/health", Map.of(), null).statusCode());
            assertEquals(404, send(management, "GET", "/metrics", Map.of(), null).statusCode());
        }
    }

    @Test
    void alertmanagersLargestGroupFitsAndOneByteOverTheLimitIs413() throws Exception {
        // 1,000 alerts, built from the captured notification as Alertmanager would group them
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode group;
        try (var in = getClass().getResourceAsStream("/fixtures/alertmanager/firing-grouped.json")) {
            group = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(in);
        }
        var alerts = (com.fasterxml.jackson.databind.node.ArrayNode) group.get("alerts");
        var captured = alerts.deepCopy();
        alerts.removeAll();
        for (int i = 0; i < 1000; i++) {
            var alert = (com.fasterxml.jackson.databind.node.ObjectNode) captured.get(i % captured.size()).deepCopy();
            alert.put("fingerprint", String.format("%016x", i));
            ((com.fasterxml.jackson.databind.node.ObjectNode) alert.get("labels")).put("instance", "host-" + i);
            alerts.add(alert);
        }
        String thousand = json.writeValueAsString(group);
        long limit = BodyLimits.ALERTMANAGER;
        assertTrue(thousand.length() * 10L < limit, "1,000 alerts take " + thousand.length() + " bytes");
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Authorization", "Bearer " + ALERTS_TOKEN);

        HttpResponse<String> atLimit = send(port, "POST", "/alerts/alertmanager", headers,
                thousand + " ".repeat((int) limit - thousand.length()));
        assertEquals(200, atLimit.statusCode(), atLimit.body());
        assertEquals("Accepted 1000 alert(s), 1000 changed.", atLimit.body());

        HttpResponse<String> over = send(port, "POST", "/alerts/alertmanager", headers,
                thousand + " ".repeat((int) limit - thousand.length() + 1));
        assertEquals(413, over.statusCode());
        assertEquals("The request body is larger than 4096 KiB, the most /alerts/alertmanager takes.", over.body());
        assertTrue(over.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), over.headers().toString());

        // no declared length (chunked): counted by the controller as it is read, never parsed
        byte[] chunked = (thousand + " ".repeat((int) limit - thousand.length() + 1)).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder streamed = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/alerts/alertmanager"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(chunked)));
        headers.forEach(streamed::header);
        assertEquals(413, http.send(streamed.build(), HttpResponse.BodyHandlers.ofString()).statusCode());

        // past max-request-size, Micronaut itself refuses before buffering, with a generic body
        HttpResponse<String> huge = send(port, "POST", "/alerts/alertmanager", headers, " ".repeat((int) limit * 2));
        assertEquals(413, huge.statusCode());
        assertGeneric(huge);
        Ledger.record(Ledger.Promise.INPUT, "Alertmanager bodies: 1,000 alerts padded to the limit, one byte over, chunked, "
                + "twice the limit", ServerEndpointsTest.class, 4, 0, 4, 0);
    }

    @Test
    void theGetEndpointsTakeNoBody() throws Exception {
        int passed = 0;
        for (String path : List.of("/health", "/health/liveness", "/health/readiness", "/prometheus")) {
            assertEquals(200, send(port, "GET", path, Map.of(), null).statusCode(), path);
            HttpResponse<String> withBody = send(port, "GET", path, Map.of(), "x");
            assertEquals(413, withBody.statusCode(), path + ": " + withBody.body());
            assertEquals("This endpoint takes no request body.", withBody.body());
            passed += 2;
        }
        Ledger.record(Ledger.Promise.INPUT, "GET endpoints: no body, and one byte over their limit of none",
                ServerEndpointsTest.class, passed, 0, passed, 0);
    }

    private static void assertGeneric(HttpResponse<String> r) {
        String body = r.body();
        String where = r.request().method() + " " + r.request().uri() + ": " + body;
        assertTrue(body.length() < 200, where);
        for (String leak : List.of("Exception", "exception", "io.micronaut", "java.", "com.fasterxml", "dev.caretaker",
                "at ", "Unexpected character", "_links", "etc/passwd", "Failed to convert", "line:", "column:")) {
            assertFalse(body.contains(leak), "'" + leak + "' in " + where);
        }
    }

    private HttpResponse<String> send(int toPort, String method, String path, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + toPort + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A readiness component the test can take down. */
    static final class SwitchableIndicator implements HealthIndicator {

        volatile HealthStatus status = HealthStatus.UP;

        @Override
        public Publisher<HealthResult> getResult() {
            return Mono.just(HealthResult.builder("switchable", status).build());
        }
    }
}
