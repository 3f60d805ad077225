package dev.caretaker.alert;

/** Sentences of the Alertmanager webhook added since {@code reply.Messages} stopped growing: new ones live beside their feature. */
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
}
