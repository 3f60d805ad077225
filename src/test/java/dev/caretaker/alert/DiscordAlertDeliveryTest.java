package dev.caretaker.alert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.chat.discord.DiscordGateway;
import dev.caretaker.fake.discord.FakeDiscord;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Alerts end to end: Alertmanager webhook → outbox → the real JDA adapter → the fake Discord, through an outage and a 429. */
class DiscordAlertDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String MESSAGES = "/channels/" + FakeDiscord.CHANNEL_ID + "/messages";

    @TempDir
    Path temp;

    private FakeDiscord discord;
    private ApplicationContext context;
    private EmbeddedServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (context != null) {
            context.close();
        }
        if (discord != null) {
            discord.close();
        }
    }

    @Test
    void everyAlertReachesDiscordOnceThroughAnOutageAndARateLimitAndTheResolutionEditsIt() throws Exception {
        discord = FakeDiscord.start();
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.discord.bot-token", "fake-bot-token");
        p.put("caretaker.discord.api-url", discord.apiUrl());
        p.put("caretaker.discord.gateway-url", discord.gatewayUrl());
        p.put("caretaker.discord.command-hash-file", temp.resolve("hash").toString());
        p.put("caretaker.probes.enabled", false);
        p.put("caretaker.outbox.poll", "50ms");
        p.put("caretaker.outbox.backoff-base", "100ms");
        p.put("caretaker.outbox.backoff-cap", "400ms");
        p.put("caretaker.alerts.token", "t0ken");
        p.put("caretaker.alerts.default-channels", List.of("discord:" + FakeDiscord.CHANNEL_ID));
        context = TestContexts.start(p);
        server = context.getBean(EmbeddedServer.class).start();
        discord.await("PUT", "/applications/\\d+/commands", WAIT);
        context.getBean(DiscordGateway.class).jda().orElseThrow().awaitReady();

        discord.restDown(true);
        assertEquals(200, post(AlertmanagerIntakeTest.fixture("firing-single.json")));
        Thread.sleep(800);
        assertTrue(delivered("POST", MESSAGES).isEmpty());
        discord.restDown(false);
        JsonNode firing = discord.await(r -> r.is("POST", MESSAGES) && r.status() == 200, WAIT).json();
        assertEquals("Critical: HighErrorRate", firing.path("embeds").path(0).path("title").asText(), firing.toString());

        discord.rateLimitNextMessagePost(Duration.ofMillis(300));
        assertEquals(200, post(AlertmanagerIntakeTest.fixture("firing-grouped.json")));
        discord.await(r -> r.is("POST", MESSAGES) && r.status() == 200
                && r.json().path("embeds").path(0).path("title").asText().startsWith("Warning: DiskSpaceLow"), WAIT);

        assertEquals(200, post(AlertmanagerIntakeTest.fixture("resolved-single.json")));
        FakeDiscord.Recorded edit = discord.await(r -> r.is("PATCH", MESSAGES + "/\\d+") && r.status() == 200, WAIT);
        assertEquals("Resolved: HighErrorRate", edit.json().path("embeds").path(0).path("title").asText());
        discord.await(r -> r.is("POST", MESSAGES) && r.status() == 200 && r.json().has("message_reference"), WAIT);
        Thread.sleep(500);

        List<FakeDiscord.Recorded> posts = delivered("POST", MESSAGES);
        assertEquals(3, posts.size(), "two alert messages and one thread reply, none twice: " + discord.summary());
        assertTrue(discord.message(edit.path().substring(MESSAGES.length() + 1)).isPresent(),
                "the edit is of a message the bot posted");
        assertEquals(List.of(), discord.violations(), "every payload within Discord's limits");
    }

    private List<FakeDiscord.Recorded> delivered(String method, String path) {
        return discord.requests(method, path).stream().filter(r -> r.status() == 200).toList();
    }

    private int post(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.getPort() + "/alerts/alertmanager"))
                .header("Authorization", "Bearer t0ken").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
