package dev.caretaker.alert;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An Alertmanager webhook notification (payload version 4): one group of alerts as Alertmanager grouped them.
 * {@link #parse} rejects a body that is not one with a single sentence saying what is wrong.
 */
public record AlertmanagerPayload(String groupKey, String status, Map<String, String> groupLabels,
                                  Map<String, String> commonLabels, String externalUrl, List<Alert> alerts) {

    /** One alert of the notification. */
    public record Alert(String fingerprint, String status, Map<String, String> labels, Map<String, String> annotations,
                        Instant startsAt, Instant endsAt, String generatorUrl) {

        public boolean firing() {
            return "firing".equals(status);
        }

        public String name() {
            return labels.getOrDefault("alertname", fingerprint);
        }
    }

    public AlertmanagerPayload {
        groupLabels = Map.copyOf(groupLabels);
        commonLabels = Map.copyOf(commonLabels);
        alerts = List.copyOf(alerts);
    }

    /** The notification as Alertmanager sends it; Jackson binds it, {@link #parse} checks it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Wire(String version, String groupKey, String receiver, String status, Map<String, String> groupLabels,
                Map<String, String> commonLabels, @JsonProperty("externalURL") String externalUrl, JsonNode alerts) {
    }

    /** One alert as sent; bound on its own, so a bad one is named by its place in the list. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record WireAlert(String status, Map<String, String> labels, Map<String, String> annotations, String startsAt,
                     String endsAt, @JsonProperty("generatorURL") String generatorUrl, String fingerprint) {
    }

    /**
     * @param json Micronaut's object mapper
     * @throws IllegalArgumentException with one sentence for the sender
     */
    public static AlertmanagerPayload parse(ObjectMapper json, String body) {
        JsonNode root;
        try {
            root = json.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(WebhookMessages.alertmanagerNotJson());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(WebhookMessages.alertmanagerNotJson());
        }
        Wire wire = bind(json, root, Wire.class, field -> new IllegalArgumentException(WebhookMessages.wrongType(field)));
        String version = wire.version() == null ? "" : wire.version();
        if (!"4".equals(version)) {
            throw new IllegalArgumentException(WebhookMessages.alertmanagerWrongVersion(version));
        }
        if (wire.alerts() == null || !wire.alerts().isArray() || wire.alerts().isEmpty()) {
            throw new IllegalArgumentException(WebhookMessages.alertmanagerNoAlerts());
        }
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < wire.alerts().size(); i++) {
            alerts.add(alert(json, wire.alerts().get(i), i));
        }
        Map<String, String> groupLabels = orEmpty(wire.groupLabels());
        String groupKey = text(wire.groupKey());
        if (groupKey.isBlank()) {
            groupKey = text(wire.receiver()) + ":" + new TreeMap<>(groupLabels);
        }
        return new AlertmanagerPayload(groupKey, wire.status() == null ? "firing" : wire.status(), groupLabels,
                orEmpty(wire.commonLabels()), text(wire.externalUrl()), alerts);
    }

    private static Alert alert(ObjectMapper json, JsonNode node, int index) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(WebhookMessages.alertmanagerBadAlert(index, "is not an object"));
        }
        WireAlert a = bind(json, node, WireAlert.class,
                field -> new IllegalArgumentException(WebhookMessages.alertmanagerBadAlert(index, WebhookMessages.fieldWrongType(field))));
        String status = text(a.status());
        if (!status.equals("firing") && !status.equals("resolved")) {
            throw new IllegalArgumentException(WebhookMessages.alertmanagerBadAlert(index, "has status `"
                    + dev.caretaker.reply.Format.echo(status) + "`; expected firing or resolved"));
        }
        Map<String, String> labels = orEmpty(a.labels());
        if (labels.isEmpty()) {
            throw new IllegalArgumentException(WebhookMessages.alertmanagerBadAlert(index, "has no labels"));
        }
        String fingerprint = text(a.fingerprint());
        if (fingerprint.isBlank()) {
            // older senders: the label set identifies the alert as Alertmanager's own fingerprint does
            fingerprint = Integer.toHexString(new TreeMap<>(labels).toString().hashCode());
        }
        return new Alert(fingerprint, status, labels, orEmpty(a.annotations()), time(a.startsAt(), "startsAt", index),
                time(a.endsAt(), "endsAt", index), text(a.generatorUrl()));
    }

    /** Binds a checked JSON object; a field of the wrong shape (a list where text belongs, say) is named. */
    private static <T> T bind(ObjectMapper json, JsonNode node, Class<T> type,
                              java.util.function.Function<String, IllegalArgumentException> wrongType) {
        try {
            return json.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            String field = e instanceof MismatchedInputException m && !m.getPath().isEmpty()
                    ? m.getPath().getFirst().getFieldName() : null;
            throw wrongType.apply(field == null ? "?" : field);
        }
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        if (m == null) {
            return Map.of();
        }
        // Map.copyOf refuses nulls: a label sent as null counts as empty, as before
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v == null ? "" : v));
        return out;
    }

    private static Instant time(String value, String field, int index) {
        String text = text(value);
        if (text.isBlank() || text.startsWith("0001-01-01")) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException(WebhookMessages.alertmanagerBadAlert(index, "has `" + field
                        + "` that is not an RFC 3339 time"));
            }
        }
    }
}
