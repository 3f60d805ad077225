package dev.caretaker.probe.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.probe.Thresholds;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Runs an instant query ({@code /api/v1/query}) and judges its value, e.g. the error rate against 5 % or the p95
 * latency against 0.5 s. With several series the worst one counts; no series at all is a warning (no data).
 */
public final class PrometheusProbe extends BaseProbe {

    private final URI base;
    private final String query;
    private final Thresholds thresholds;
    private final String unit;
    private final HttpClient client;
    private final ObjectMapper json;

    /** @param client the shared client; @param json Micronaut's object mapper */
    public PrometheusProbe(String target, Duration interval, Duration timeout, Clock clock, HttpClient client,
                           ObjectMapper json, URI base, String query, Thresholds thresholds, String unit) {
        super(target, "prometheus", interval, timeout, clock);
        this.base = base;
        this.query = query;
        this.thresholds = thresholds;
        this.unit = unit == null ? "" : unit;
        this.client = client;
        this.json = json;
    }

    @Override
    Measurement measure() throws Exception {
        String root = base.toString().replaceAll("/+$", "");
        URI uri = URI.create(root + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(timeout()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = json.readTree(r.body());
        } catch (Exception e) {
            return Measurement.critical(ProbeResultMessages.prometheusBadAnswer(root, "HTTP " + r.statusCode()));
        }
        if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            String error = body.path("error").asText("HTTP " + r.statusCode());
            return Measurement.critical(ProbeResultMessages.prometheusBadAnswer(root, error));
        }
        JsonNode data = body.path("data");
        Double worst = null;
        if ("scalar".equals(data.path("resultType").asText())) {
            worst = number(data.path("result"));
        } else {
            for (JsonNode series : data.path("result")) {
                Double v = number(series.path("value"));
                if (v != null && (worst == null || (thresholds.lowerIsWorse() ? v < worst : v > worst))) {
                    worst = v;
                }
            }
        }
        if (worst == null) {
            return new Measurement(ProbeStatus.WARN, null, unit, ProbeResultMessages.prometheusNoData(query));
        }
        return Measurement.judged(thresholds, Math.round(worst * 1000) / 1000.0, unit, ProbeResultMessages.prometheusLabel(query));
    }

    /** The value of a {@code [timestamp, "value"]} pair; null for NaN or a missing sample. */
    private static Double number(JsonNode pair) {
        if (!pair.isArray() || pair.size() < 2) {
            return null;
        }
        try {
            double v = Double.parseDouble(pair.get(1).asText());
            return Double.isNaN(v) ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    String what() {
        return base.toString();
    }
}
