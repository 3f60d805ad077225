package dev.caretaker.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.security.Redactor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.health.HealthStatus;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.management.endpoint.health.HealthLevelOfDetail;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /health}, {@code /health/liveness} and {@code /health/readiness}: anyone sees the overall status and
 * each component's state (UP / DOWN), never URLs, user names, sizes or versions; a caller with the bearer token of
 * {@code CARETAKER_HEALTH_TOKEN} also sees each component's details (redacted). DOWN answers 503, as probes expect.
 */
@Controller("/health")
public final class HealthController {

    private static final Logger LOG = LoggerFactory.getLogger(HealthController.class);
    private static final String BEARER = "Bearer ";

    private final HealthSource source;
    private final ObjectMapper json;
    private final Redactor redactor;
    private final byte[] tokenDigest;

    HealthController(HealthSource source, ObjectMapper json, Redactor redactor,
                     HealthSettings settings) {
        this.source = source;
        this.json = json;
        this.redactor = redactor;
        String token = settings.token();
        this.tokenDigest = token == null || token.isBlank() ? null : sha256(token.strip());
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public Publisher<HttpResponse<String>> health(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        return report(source.all(), authorization);
    }

    @Get(uri = "/liveness", produces = MediaType.APPLICATION_JSON)
    public Publisher<HttpResponse<String>> liveness(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        return report(source.liveness(), authorization);
    }

    @Get(uri = "/readiness", produces = MediaType.APPLICATION_JSON)
    public Publisher<HttpResponse<String>> readiness(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        return report(source.readiness(), authorization);
    }

    private Publisher<HttpResponse<String>> report(HealthIndicator[] indicators, String authorization) {
        boolean details = authorized(authorization);
        return Mono.from(source.aggregator().aggregate(indicators, HealthLevelOfDetail.STATUS_DESCRIPTION_DETAILS))
                .map(result -> HttpResponse.<String>status(down(result) ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK)
                        .contentType(MediaType.APPLICATION_JSON_TYPE)
                        .body(render(result, details)));
    }

    private String render(HealthResult result, boolean details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", result.getStatus().getName());
        Map<String, Object> components = new TreeMap<>();
        if (result.getDetails() instanceof Map<?, ?> byName) {
            byName.forEach((name, component) -> {
                if (component instanceof HealthResult r) {
                    components.put(String.valueOf(name), details ? detailed(r) : r.getStatus().getName());
                }
            });
        }
        body.put("components", components);
        try {
            return redactor.redact(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            // an indicator's detail Jackson cannot write: the states still go out, the details do not
            LOG.warn("Health details could not be written as JSON: {}", e.getOriginalMessage());
            return details ? render(result, false) : "{\"status\":\"" + result.getStatus().getName() + "\"}";
        }
    }

    private static Object detailed(Object value) {
        if (value instanceof HealthResult r) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", r.getStatus().getName());
            r.getStatus().getDescription().ifPresent(d -> m.put("description", d));
            if (r.getDetails() != null) {
                m.put("details", detailed(r.getDetails()));
            }
            return m;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> m = new TreeMap<>();
            map.forEach((k, v) -> m.put(String.valueOf(k), detailed(v)));
            return m;
        }
        if (value instanceof Collection<?> list) {
            return new ArrayList<>(list.stream().map(HealthController::detailed).toList());
        }
        return value;
    }

    private static boolean down(HealthResult result) {
        return HealthStatus.NAME_DOWN.equals(result.getStatus().getName());
    }

    private boolean authorized(String header) {
        if (tokenDigest == null || header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        // digests first: equal lengths, so the comparison tells neither the length nor how much of a guess was right
        return MessageDigest.isEqual(sha256(header.substring(BEARER.length()).strip()), tokenDigest);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
