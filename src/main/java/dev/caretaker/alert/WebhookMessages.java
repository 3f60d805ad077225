package dev.caretaker.alert;

import static dev.caretaker.reply.Format.echo;

/** What the Alertmanager webhook answers: a payload it cannot read, a missing token, what it accepted. */
final class WebhookMessages {

    private WebhookMessages() {
    }

    /** A top-level field that is there but of the wrong kind (a list where labels belong, say). */
    static String wrongType(String field) {
        return "The payload's `" + field + "` has the wrong type; send Alertmanager's webhook payload (version 4).";
    }

    /** The same, in an alert: completes "Alert 2 of the payload …". */
    static String fieldWrongType(String field) {
        return "has `" + field + "` of the wrong type";
    }

    static String alertmanagerNotJson() {
        return "The body is not JSON; send Alertmanager's webhook payload (version 4).";
    }

    static String alertmanagerWrongVersion(String version) {
        return "The payload has version `" + echo(version) + "`; Caretaker reads Alertmanager webhook version 4.";
    }

    static String alertmanagerNoAlerts() {
        return "The payload has no `alerts` list; send Alertmanager's webhook payload (version 4).";
    }

    static String alertmanagerBadAlert(int index, String problem) {
        return "Alert " + (index + 1) + " of the payload " + problem + ".";
    }

    static String alertmanagerTokenMissing() {
        return "The Alertmanager webhook is off: set CARETAKER_ALERTS_TOKEN (caretaker.alerts.token) to a long random "
                + "secret and send it as a bearer token.";
    }

    static String alertmanagerUnauthorized() {
        return "Send the webhook token as `Authorization: Bearer <token>` (http_config.authorization in Alertmanager).";
    }

    static String alertmanagerAccepted(int alerts, int changed) {
        return "Accepted " + alerts + " alert(s), " + changed + " changed.";
    }
}
