package dev.caretaker.alert;

import java.time.Duration;
import java.util.List;

import static dev.caretaker.reply.Format.human;

/** The answers to Ack and Silence (buttons and commands) and to the alert listings. */
final class AlertCommandMessages {

    private AlertCommandMessages() {
    }

    static String alertNotFound(long id) {
        return "There is no alert #" + id + "; `alerts state=all` lists them.";
    }

    static String alertGroupNotFound(long id) {
        return "There is no alert group g" + id + "; `alerts state=all` lists the alerts.";
    }

    static String alertAlreadyResolved(long id) {
        return "Alert #" + id + " is already resolved.";
    }

    static String alertAlreadyAcked(long id, String by) {
        return "Alert #" + id + " was already acknowledged by " + by + ".";
    }

    static String alertGroupNothingToAck() {
        return "Every open alert of this group is already acknowledged.";
    }

    static String alertGroupAllResolved() {
        return "Every alert of this group is already resolved.";
    }

    static String alertAcked(long id, String name) {
        return "Acknowledged alert #" + id + " (" + name + "); it will not escalate.";
    }

    static String alertGroupAcked(int count) {
        return "Acknowledged " + count + " alerts; they will not escalate.";
    }

    static String alertSilenced(String what, Duration d, java.time.Instant until, boolean inAlertmanager) {
        return "Silenced " + what + " for " + human(d) + ", until " + AlertMessages.alertTime(until)
                + (inAlertmanager ? ", in Alertmanager." : ".");
    }

    static String alertSilenceComment(String who) {
        return "Silenced from Caretaker by " + who;
    }

    static String alertButtonValueInvalid() {
        return "That alert button is not valid any more; use `alert ack <id>` or `alert silence <id> 1h`.";
    }

    static String alertSilenceOutOfRange(String max) {
        return "A silence must last between 1 minute and " + max + "; for example `alert silence 12 4h`.";
    }

    static String alertsEmpty(String state) {
        return "No " + ("all".equals(state) ? "" : state + " ") + "alerts.";
    }

    static String alertHistoryEmpty(String since) {
        return "No alerts in the last " + since + ".";
    }

    static String alertmanagerUrlMissing() {
        return "Silencing an Alertmanager alert needs caretaker.alerts.alertmanager-url (e.g. http://alertmanager:9093).";
    }

    static String alertmanagerUnreachable(String url) {
        return "Alertmanager at " + url + " could not be reached, so nothing was silenced; try again or silence it there.";
    }

    static String alertmanagerRefusedSilence(int status) {
        return "Alertmanager refused the silence (HTTP " + status + "), so nothing was silenced; see the Caretaker log.";
    }

    static String alertsHeader(int count, String state) {
        return "Alerts: " + count + " " + state;
    }

    static String alertHistoryHeader(String since, int count) {
        return "Alerts in the last " + since + ": " + count;
    }

    static List<String> alertsColumns() {
        return List.of("id", "severity", "state", "alert", "summary", "since (UTC)", "acked by");
    }
}
