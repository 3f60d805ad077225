package dev.caretaker.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Creates silences in Alertmanager through its API v2 ({@code POST /api/v2/silences}) at {@code caretaker.alerts.alertmanager-url}. */
@Singleton
public class AlertmanagerSilences {

    /** Why a silence could not be created, in one sentence for the person who asked. */
    public static final class SilenceFailed extends Exception {
        public SilenceFailed(String sentence, Throwable cause) {
            super(sentence, cause);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Optional<URI> base;
    private final ObjectMapper json;
    private final HttpClient http;

    /** @param http the shared client (no redirects: the silence goes to the configured Alertmanager or nowhere) */
    public AlertmanagerSilences(AlertsSettings settings, HttpClient http, ObjectMapper json) {
        String url = settings.alertmanagerUrl();
        this.http = http;
        this.json = json;
        this.base = url == null || url.isBlank() ? Optional.empty() : Optional.of(URI.create(url.replaceAll("/+$", "")));
    }

    public boolean configured() {
        return base.isPresent();
    }

    /** Silences alerts whose labels equal all of {@code matchers}; answers Alertmanager's silence id. */
    public String create(Map<String, String> matchers, Instant from, Instant until, String createdBy, String comment)
            throws SilenceFailed {
        URI root = base.orElseThrow(() -> new SilenceFailed(AlertCommandMessages.alertmanagerUrlMissing(), null));
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("matchers");
        new TreeMap<>(matchers).forEach((k, v) -> list.addObject().put("name", k).put("value", v).put("isRegex", false)
                .put("isEqual", true));
        body.put("startsAt", from.toString());
        body.put("endsAt", until.toString());
        body.put("createdBy", createdBy);
        body.put("comment", comment);
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(root + "/api/v2/silences")).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SilenceFailed(AlertCommandMessages.alertmanagerUnreachable(root.toString()), e);
        } catch (Exception e) {
            throw new SilenceFailed(AlertCommandMessages.alertmanagerUnreachable(root.toString()), e);
        }
        if (r.statusCode() != 200) {
            throw new SilenceFailed(AlertCommandMessages.alertmanagerRefusedSilence(r.statusCode()), null);
        }
        try {
            JsonNode answer = json.readTree(r.body());
            return answer.path("silenceID").asText("");
        } catch (Exception e) {
            return "";
        }
    }
}
