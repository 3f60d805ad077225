package dev.caretaker.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.security.BodyLimits;
import dev.caretaker.security.RequestMessages;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code POST /alerts/alertmanager}: Alertmanager's webhook (payload version 4) with a bearer token from
 * {@code CARETAKER_ALERTS_TOKEN}. 503 while no token is configured, 401 without the right token, 400 with one
 * sentence for a body that is not a notification, 200 once the alerts and their message are committed (a retry
 * of the same notification changes nothing). A 5xx makes Alertmanager retry, so a database outage loses nothing.
 */
@Controller("/alerts")
public class AlertmanagerController {

    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerController.class);

    private final AlertService alerts;
    private final byte[] token;

    private final ObjectMapper json;

    public AlertmanagerController(AlertService alerts, AlertsSettings settings, ObjectMapper json) {
        this.alerts = alerts;
        this.json = json;
        String token = settings.token();
        this.token = token == null || token.isBlank() ? null : token.strip().getBytes(StandardCharsets.UTF_8);
    }

    @Post(uri = "/alertmanager", consumes = MediaType.ALL, produces = MediaType.TEXT_PLAIN)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<String> receive(@Nullable @Header("Authorization") String authorization,
                                        @Nullable @Body byte[] received) {
        if (received != null && received.length > BodyLimits.ALERTMANAGER) {
            // chunked: no declared length for the filter to refuse, so counted here, before anything parses it
            LOG.warn("Refused an Alertmanager notification of {} bytes, over the limit", received.length);
            return HttpResponse.<String>status(HttpStatus.REQUEST_ENTITY_TOO_LARGE)
                    .body(RequestMessages.tooLarge("/alerts/alertmanager", BodyLimits.ALERTMANAGER));
        }
        String body = received == null ? null : new String(received, StandardCharsets.UTF_8);
        if (token == null) {
            return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE).body(WebhookMessages.alertmanagerTokenMissing());
        }
        if (!authorized(authorization)) {
            return HttpResponse.<String>status(HttpStatus.UNAUTHORIZED).body(WebhookMessages.alertmanagerUnauthorized());
        }
        AlertmanagerPayload payload;
        try {
            payload = AlertmanagerPayload.parse(json, body);
        } catch (IllegalArgumentException e) {
            return HttpResponse.<String>badRequest().body(e.getMessage());
        }
        AlertService.Ingested result = alerts.ingest(payload);
        LOG.debug("Alertmanager group {}: {} alert(s), {} changed", payload.groupKey(), result.alerts(), result.changed());
        return HttpResponse.ok(WebhookMessages.alertmanagerAccepted(result.alerts(), result.changed()));
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        // constant time: the comparison does not tell how much of a guess was right
        return MessageDigest.isEqual(given, token);
    }
}
