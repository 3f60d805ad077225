package dev.caretaker;

import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /health} with its components and {@code /prometheus} with per-command timers, over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpEndpointsTest {

    private ApplicationContext context;
    private EmbeddedServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        context = TestContexts.start(Map.of());
        server = context.getBean(EmbeddedServer.class).start();
    }

    @AfterAll
    void stop() {
        server.stop();
        context.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsUpWithDatabaseAndCoordinator() throws Exception {
        HttpResponse<String> r = get("/health");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"status\":\"UP\""), r.body());
        assertTrue(r.body().contains("\"jdbc"), r.body());
        assertTrue(r.body().contains("\"coordinator\""), r.body());
    }

    @Test
    void prometheusShowsPerCommandTimersAfterACommandRuns() throws Exception {
        context.getBean(Dispatcher.class).dispatch(new CommandRequest(People.VIEWER, SlackPlatform.channel("C1"),
                "whoami", null));
        HttpResponse<String> r = get("/prometheus");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("caretaker_command_seconds_count{command=\"whoami\",outcome=\"ok\"} 1"), r.body());
    }
}
