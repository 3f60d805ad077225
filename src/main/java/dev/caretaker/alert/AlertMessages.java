package dev.caretaker.alert;

import java.time.Duration;
import java.util.List;

import static dev.caretaker.reply.Format.human;

/** What an alert message reads: header, state, footer, and the replies in its thread. */
final class AlertMessages {

    private static final java.time.format.DateTimeFormatter ALERT_TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    private AlertMessages() {
    }

    static String alertTime(java.time.Instant at) {
        return ALERT_TIME.format(at);
    }

    private static String severityWord(String severity) {
        return switch (severity) {
            case "critical" -> "Critical";
            case "warning" -> "Warning";
            case "resolved" -> "Resolved";
            default -> "Info";
        };
    }

    static String alertHeader(String severityOrResolved, String name) {
        return severityWord(severityOrResolved) + ": " + name;
    }

    static String alertGroupHeader(String severityOrResolved, String name, int open, int total) {
        return severityWord(severityOrResolved) + ": " + name + " ("
                + (open == 0 ? total + " alerts, all resolved" : open + " of " + total + " firing") + ")";
    }

    static String alertFooter(long id, String source) {
        return "Alert #" + id + " from " + ("probe".equals(source) ? "a Caretaker probe" : "Alertmanager")
                + " · `alert ack " + id + "`, `alert silence " + id + " 1h`";
    }

    static String alertGroupFooter(long groupId, int alerts) {
        return "Alert group g" + groupId + " · " + alerts + " alerts · `alerts state=open` lists them";
    }

    static String alertGroupCounts(long firing, long acked, long silenced, long resolved) {
        List<String> parts = new java.util.ArrayList<>();
        if (firing > 0) {
            parts.add(firing + " firing");
        }
        if (acked > 0) {
            parts.add(acked + " acknowledged");
        }
        if (silenced > 0) {
            parts.add(silenced + " silenced");
        }
        if (resolved > 0) {
            parts.add(resolved + " resolved");
        }
        return String.join(", ", parts) + ".";
    }

    static String alertSince(java.time.Instant since, java.time.Instant now) {
        return alertTime(since) + " (" + human(Duration.between(since, now)) + " ago)";
    }

    static String alertGroupMore(int more) {
        return "… and " + more + " more; `alerts state=open` lists them all.";
    }

    static String alertEscalationHeader(String name, Duration unacked) {
        return "Still unacknowledged after " + human(unacked) + ": " + name;
    }

    static String alertStateFiring(java.time.Instant started, java.time.Instant now) {
        return "Firing since " + alertSince(started, now);
    }

    static String alertStateAcked(String by, java.time.Instant at, java.time.Instant started, java.time.Instant now) {
        return "Acknowledged by " + by + " at " + alertTime(at) + "; firing since " + alertSince(started, now);
    }

    static String alertStateSilenced(java.time.Instant until, java.time.Instant started, java.time.Instant now) {
        return "Silenced until " + (until == null ? "further notice" : alertTime(until)) + "; firing since "
                + alertSince(started, now);
    }

    static String alertStateResolved(java.time.Instant at, Duration lasted) {
        return "Resolved at " + (at == null ? "an unknown time" : alertTime(at)) + " after " + human(lasted);
    }

    static String alertSeverityChanged(String severity, String detail) {
        return "Now " + severity + ": " + detail;
    }

    static String alertResolvedAfter(Duration lasted) {
        return "Resolved after " + human(lasted) + ".";
    }

    static String alertGroupResolved() {
        return "All alerts of this group are resolved.";
    }

    static String alertGroupChanged(List<String> fired, List<String> resolved) {
        List<String> parts = new java.util.ArrayList<>();
        if (!fired.isEmpty()) {
            parts.add(fired.size() + " more firing" + names(fired));
        }
        if (!resolved.isEmpty()) {
            parts.add(resolved.size() + " resolved" + names(resolved));
        }
        return String.join("; ", parts) + ".";
    }

    private static String names(List<String> names) {
        List<String> distinct = names.stream().distinct().limit(5).toList();
        return " (" + String.join(", ", distinct) + (names.stream().distinct().count() > 5 ? ", …" : "") + ")";
    }

    static String alertAckedBy(String who, String name) {
        return "Acknowledged by " + who + ".";
    }

    static String alertGroupAckedBy(String who, int count) {
        return "Acknowledged by " + who + " (" + count + " alerts).";
    }

    static String alertSilencedBy(String who, Duration d, java.time.Instant until) {
        return "Silenced for " + human(d) + " by " + who + ", until " + alertTime(until) + ".";
    }

    static String alertSilenceEnded(String name) {
        return "The silence of " + name + " ended and it is still firing.";
    }

    static String stateLabel() {
        return "State";
    }

    static String severityLabel() {
        return "Severity";
    }

    static String valueLabel() {
        return "Value";
    }

    static String labelsLabel() {
        return "Labels";
    }

    static String runbookLabel() {
        return "Runbook";
    }

    static String groupLabel() {
        return "Group";
    }

    static String sinceLabel() {
        return "Since";
    }

    static List<String> groupColumns() {
        return List.of("alert", "labels", "severity", "state");
    }

    static String ackButton(boolean group) {
        return group ? "Ack all" : "Ack";
    }

    static String silence1hButton() {
        return "Silence 1h";
    }

    static String silence4hButton() {
        return "Silence 4h";
    }
}
