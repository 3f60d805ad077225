package dev.caretaker.probe.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.probe.Thresholds;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * GETs a URL (e.g. {@code /health}): the status must be the expected one, the body may have to contain a text
 * ({@code expect-body}) or have a JSON field with a value ({@code expect-json: checks.db=up}); the latency in
 * milliseconds is judged against {@code warn} / {@code critical}.
 */
public final class HttpProbe extends BaseProbe {

    private final URI url;
    private final int expectStatus;
    private final String expectBody;
    private final String expectJson;
    private final Thresholds latency;
    private final HttpClient client;
    private final ObjectMapper json;

    /**
     * @param client the shared client (it follows no redirects: a 301 is the status the probe judges)
     * @param json   Micronaut's object mapper, for {@code expect-json}
     */
    public HttpProbe(String target, Duration interval, Duration timeout, Clock clock, HttpClient client,
                     ObjectMapper json, URI url, int expectStatus, String expectBody, String expectJson,
                     Thresholds latency) {
        super(target, "http", interval, timeout, clock);
        this.url = url;
        this.expectStatus = expectStatus;
        this.expectBody = expectBody;
        this.expectJson = expectJson;
        this.latency = latency;
        this.client = client;
        this.json = json;
    }

    @Override
    Measurement measure() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(url).timeout(timeout())
                .header("User-Agent", "Caretaker probe").GET().build(), HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - start) / 1_000_000.0;
        double rounded = Math.round(ms * 10) / 10.0;
        if (r.statusCode() != expectStatus) {
            return new Measurement(ProbeStatus.CRITICAL, rounded, "ms",
                    ProbeResultMessages.httpStatusUnexpected(url.toString(), r.statusCode(), expectStatus));
        }
        if (expectBody != null && !r.body().contains(expectBody)) {
            return new Measurement(ProbeStatus.CRITICAL, rounded, "ms", ProbeResultMessages.httpBodyMissing(url.toString(), expectBody));
        }
        if (expectJson != null) {
            int eq = expectJson.indexOf('=');
            String path = eq < 0 ? expectJson : expectJson.substring(0, eq).strip();
            String want = eq < 0 ? null : expectJson.substring(eq + 1).strip();
            String got = field(r.body(), path);
            if (got == null || (want != null && !want.equals(got))) {
                return new Measurement(ProbeStatus.CRITICAL, rounded, "ms",
                        ProbeResultMessages.httpJsonMismatch(url.toString(), path, want, got));
            }
        }
        return Measurement.judged(latency, rounded, "ms", ProbeResultMessages.latencyLabel(url.toString()));
    }

    /** The text of a dotted field path in a JSON body; null when the body is not JSON or has no such field. */
    private String field(String body, String path) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (Exception e) {
            return null;
        }
        for (String part : path.split("\\.")) {
            if (node == null) {
                return null;
            }
            node = node.isArray() && part.matches("\\d+") ? node.get(Integer.parseInt(part)) : node.get(part);
        }
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }

    @Override
    String what() {
        return url.toString();
    }
}
