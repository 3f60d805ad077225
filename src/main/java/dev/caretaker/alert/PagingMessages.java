package dev.caretaker.alert;

import dev.caretaker.command.Durations;

import java.time.Duration;

/** The sentences of paging, escalation along a rotation, held alerts and a route's quiet hours. */
public final class PagingMessages {

    private PagingMessages() {
    }

    public static String escalatedTo(String mention, String alert, Duration unacked, int step, int steps) {
        return "Escalating to " + mention + " (step " + step + " of " + steps + "): " + alert + " is still unacknowledged after "
                + Durations.format(unacked) + ". Ack it to stop the escalation.";
    }

    public static String escalationNobody(String to, String alert, Duration unacked, int step, int steps) {
        return "Escalation step " + step + " of " + steps + " for " + alert + " (unacknowledged after " + Durations.format(unacked)
                + ") names `" + to + "`, who has nobody to page; fix caretaker.oncall.rotations[].escalation.";
    }

    public static String heldStillFiring(int n) {
        return n == 1 ? "1 alert held during maintenance still fires." : n + " alerts held during maintenance still fire.";
    }

    public static String alertmanagerRefusedExpiry(int status) {
        return "Alertmanager refused to expire the silence (HTTP " + status + "); expire it in Alertmanager's UI.";
    }

    public static String heldState(String state) {
        return state + ", held";
    }

    public static String quietHoursNotAMap(String key) {
        return key + " must be a map like {from: \"22:00\", to: \"08:00\", zone: Europe/Berlin}.";
    }

    public static String quietHoursBadTime(String key, String text) {
        return key + " must be a time of day like \"22:00\"" + (text.isBlank() ? "; it is missing." : ", not `" + text + "`.");
    }

    public static String quietHoursBadZone(String key, String zone) {
        return key + " must be a time zone like Europe/Berlin, not `" + zone + "`.";
    }

    public static String quietHoursCritical(String key) {
        return key + " must not list critical: critical alerts always page.";
    }

    public static String quietHoursBadSeverity(String key, String severity) {
        return key + " lists `" + severity + "`; quiet hours hold warning and info alerts only.";
    }
}
