package dev.caretaker.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /** One matcher of a silence: {@code name} equals {@code value}, or matches it as a regular expression. */
    public record Matcher(String name, String value, boolean regex) {

        public static Matcher equal(String name, String value) {
            return new Matcher(name, value, false);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerSilences.class);

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
        return create(new TreeMap<>(matchers).entrySet().stream().map(e -> Matcher.equal(e.getKey(), e.getValue()))
                .toList(), from, until, createdBy, comment);
    }

    /** Silences alerts that match every one of {@code matchers}; answers Alertmanager's silence id. */
    public String create(List<Matcher> matchers, Instant from, Instant until, String createdBy, String comment)
            throws SilenceFailed {
        URI root = base.orElseThrow(() -> new SilenceFailed(AlertCommandMessages.alertmanagerUrlMissing(), null));
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("matchers");
        matchers.forEach(m -> list.addObject().put("name", m.name()).put("value", m.value()).put("isRegex", m.regex())
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

    /**
     * Expires a silence ({@code DELETE /api/v2/silence/<id>}); one that Alertmanager no longer knows (404) counts as
     * expired already.
     */
    public void expire(String silenceId) throws SilenceFailed {
        URI root = base.orElseThrow(() -> new SilenceFailed(AlertCommandMessages.alertmanagerUrlMissing(), null));
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(root + "/api/v2/silence/"
                            + URLEncoder.encode(silenceId, StandardCharsets.UTF_8))).timeout(TIMEOUT).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SilenceFailed(AlertCommandMessages.alertmanagerUnreachable(root.toString()), e);
        } catch (Exception e) {
            throw new SilenceFailed(AlertCommandMessages.alertmanagerUnreachable(root.toString()), e);
        }
        if (r.statusCode() != 200 && r.statusCode() != 404) {
            throw new SilenceFailed(PagingMessages.alertmanagerRefusedExpiry(r.statusCode()), null);
        }
    }

    /**
     * The fingerprints of the alerts Alertmanager has active now, silenced and inhibited ones included
     * ({@code GET /api/v2/alerts}); empty when it is not configured or cannot say.
     */
    public Optional<Set<String>> activeFingerprints() {
        if (base.isEmpty()) {
            return Optional.empty();
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base.get()
                            + "/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true")).timeout(TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Optional.empty();
            }
            Set<String> out = new HashSet<>();
            for (JsonNode alert : json.readTree(r.body())) {
                if (alert.hasNonNull("fingerprint")) {
                    out.add(alert.get("fingerprint").asText());
                }
            }
            return Optional.of(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            // the caller goes by what it stored; a window's end must not fail because Alertmanager is away
            LOG.warn("Could not ask Alertmanager at {} which alerts are active: {}", base.get(), e.toString());
            return Optional.empty();
        }
    }
}
