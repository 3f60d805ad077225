package dev.caretaker.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.reply.Messages;

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

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws IllegalArgumentException with one sentence for the sender */
    public static AlertmanagerPayload parse(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        } catch (Exception e) {
            throw new IllegalArgumentException(Messages.alertmanagerNotJson());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(Messages.alertmanagerNotJson());
        }
        String version = root.path("version").asText("");
        if (!"4".equals(version)) {
            throw new IllegalArgumentException(Messages.alertmanagerWrongVersion(version));
        }
        JsonNode list = root.get("alerts");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException(Messages.alertmanagerNoAlerts());
        }
        List<Alert> alerts = new ArrayList<>();
        int i = 0;
        for (JsonNode a : list) {
            alerts.add(alert(a, i++));
        }
        Map<String, String> groupLabels = strings(root.get("groupLabels"));
        String groupKey = root.path("groupKey").asText("");
        if (groupKey.isBlank()) {
            groupKey = root.path("receiver").asText("") + ":" + new TreeMap<>(groupLabels);
        }
        return new AlertmanagerPayload(groupKey, root.path("status").asText("firing"), groupLabels,
                strings(root.get("commonLabels")), root.path("externalURL").asText(""), alerts);
    }

    private static Alert alert(JsonNode a, int index) {
        if (!a.isObject()) {
            throw new IllegalArgumentException(Messages.alertmanagerBadAlert(index, "is not an object"));
        }
        String status = a.path("status").asText("");
        if (!status.equals("firing") && !status.equals("resolved")) {
            throw new IllegalArgumentException(Messages.alertmanagerBadAlert(index, "has status `" + status
                    + "`; expected firing or resolved"));
        }
        Map<String, String> labels = strings(a.get("labels"));
        if (labels.isEmpty()) {
            throw new IllegalArgumentException(Messages.alertmanagerBadAlert(index, "has no labels"));
        }
        String fingerprint = a.path("fingerprint").asText("");
        if (fingerprint.isBlank()) {
            // older senders: the label set identifies the alert as Alertmanager's own fingerprint does
            fingerprint = Integer.toHexString(new TreeMap<>(labels).toString().hashCode());
        }
        return new Alert(fingerprint, status, labels, strings(a.get("annotations")), time(a, "startsAt", index),
                time(a, "endsAt", index), a.path("generatorURL").asText(""));
    }

    private static Instant time(JsonNode a, String field, int index) {
        String text = a.path(field).asText("");
        if (text.isBlank() || text.startsWith("0001-01-01")) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException(Messages.alertmanagerBadAlert(index, "has `" + field
                        + "` that is not an RFC 3339 time"));
            }
        }
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }
}
