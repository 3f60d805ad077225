package dev.caretaker.alert;

import dev.caretaker.store.AlertGroup;
import dev.caretaker.store.AlertRecord;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns an alert group into its one message: a single alert with its summary, state, labels, value, since when,
 * runbook and Ack / Silence buttons; or a group as Alertmanager grouped it, as a short table that stays within
 * every platform's limits however many alerts the group has.
 */
public final class AlertRenderer {

    /** Rows of a group message; the rest is counted, and {@code alerts} lists them all. */
    public static final int MAX_ROWS = 15;
    /** Longest summary, labels or cell we print; platforms cut at 1,024 (Discord field) to 3,000 (Slack section). */
    public static final int MAX_TEXT = 900;
    public static final int MAX_CELL = 60;
    public static final int MAX_HEADER = 140;

    public Reply render(AlertGroup group, List<AlertRecord> alerts, Instant now) {
        if (alerts.size() == 1) {
            return single(alerts.get(0), group, now);
        }
        return several(group, alerts, now);
    }

    private Reply single(AlertRecord a, AlertGroup group, Instant now) {
        Reply.Builder r = Reply.builder()
                .header(cut(AlertMessages.alertHeader(a.open() ? a.severity() : AlertRecord.RESOLVED, a.name()), MAX_HEADER))
                .severity(a.open() ? severity(a.severity()) : Severity.OK);
        // the mention is for getting someone's attention: once acknowledged, the edit no longer carries it
        String mention = AlertRecord.FIRING.equals(a.state()) && a.critical() && group.mention() != null
                ? group.mention() + " " : "";
        r.text(cut(mention + (a.summary().isBlank() ? a.name() : a.summary()), MAX_TEXT));
        List<Block.Field> fields = new ArrayList<>();
        fields.add(new Block.Field(AlertMessages.stateLabel(), state(a, now)));
        fields.add(new Block.Field(AlertMessages.severityLabel(), a.severity()));
        if (a.value() != null && !a.value().isBlank()) {
            fields.add(new Block.Field(AlertMessages.valueLabel(), cut(a.value(), MAX_CELL)));
        }
        String labels = labels(a.labels(), Set.of("alertname", "severity"));
        if (!labels.isEmpty()) {
            fields.add(new Block.Field(AlertMessages.labelsLabel(), cut(labels, MAX_TEXT)));
        }
        if (a.runbookUrl() != null && !a.runbookUrl().isBlank()) {
            fields.add(new Block.Field(AlertMessages.runbookLabel(), cut(a.runbookUrl(), MAX_TEXT)));
        }
        r.fields(fields);
        if (a.open()) {
            buttons(r, String.valueOf(a.id()), a.ackedAt() == null, !AlertRecord.SILENCED.equals(a.state()), false);
        }
        return r.footer(AlertMessages.alertFooter(a.id(), a.source())).build();
    }

    private Reply several(AlertGroup group, List<AlertRecord> alerts, Instant now) {
        List<AlertRecord> open = alerts.stream().filter(AlertRecord::open).toList();
        String worst = open.stream().map(AlertRecord::severity).min(Comparator.comparingInt(AlertRenderer::rank))
                .orElse(AlertRecord.RESOLVED);
        String name = group.labels().getOrDefault("alertname", alerts.get(0).name());
        Reply.Builder r = Reply.builder()
                .header(cut(AlertMessages.alertGroupHeader(open.isEmpty() ? AlertRecord.RESOLVED : worst, name, open.size(),
                        alerts.size()), MAX_HEADER))
                .severity(open.isEmpty() ? Severity.OK : severity(worst));
        boolean unacked = open.stream().anyMatch(a -> a.critical() && AlertRecord.FIRING.equals(a.state()));
        String mention = unacked && group.mention() != null ? group.mention() + " " : "";
        Set<String> summaries = alerts.stream().map(AlertRecord::summary).collect(Collectors.toSet());
        String summary = summaries.size() == 1 && !alerts.get(0).summary().isBlank() ? alerts.get(0).summary()
                : AlertMessages.alertGroupCounts(count(alerts, AlertRecord.FIRING), count(alerts, AlertRecord.ACKNOWLEDGED),
                count(alerts, AlertRecord.SILENCED), count(alerts, AlertRecord.RESOLVED));
        r.text(cut(mention + summary, MAX_TEXT));
        Instant since = alerts.stream().map(AlertRecord::startedAt).min(Comparator.naturalOrder()).orElse(now);
        List<Block.Field> fields = new ArrayList<>();
        String groupLabels = labels(group.labels(), Set.of("alertname"));
        if (!groupLabels.isEmpty()) {
            fields.add(new Block.Field(AlertMessages.groupLabel(), cut(groupLabels, MAX_TEXT)));
        }
        fields.add(new Block.Field(AlertMessages.sinceLabel(), AlertMessages.alertSince(since, now)));
        Set<String> runbooks = alerts.stream().map(AlertRecord::runbookUrl).filter(u -> u != null && !u.isBlank())
                .collect(Collectors.toSet());
        if (runbooks.size() == 1) {
            fields.add(new Block.Field(AlertMessages.runbookLabel(), cut(runbooks.iterator().next(), MAX_TEXT)));
        }
        r.fields(fields);
        List<AlertRecord> shown = alerts.stream()
                .sorted(Comparator.comparing((AlertRecord a) -> !a.open()).thenComparingInt(a -> rank(a.severity()))
                        .thenComparingLong(AlertRecord::id))
                .limit(MAX_ROWS).toList();
        Set<String> common = group.labels().keySet();
        List<List<String>> rows = new ArrayList<>();
        for (AlertRecord a : shown) {
            rows.add(List.of("#" + a.id(), cut(labels(a.labels(), union(common, Set.of("alertname", "severity"))), MAX_CELL),
                    a.severity(), a.state()));
        }
        r.table(AlertMessages.groupColumns(), rows);
        if (alerts.size() > shown.size()) {
            r.text(AlertMessages.alertGroupMore(alerts.size() - shown.size()));
        }
        if (!open.isEmpty()) {
            boolean anyUnacked = open.stream().anyMatch(a -> a.ackedAt() == null);
            boolean anyUnsilenced = open.stream().anyMatch(a -> !AlertRecord.SILENCED.equals(a.state()));
            buttons(r, "g" + group.id(), anyUnacked, anyUnsilenced, true);
        }
        return r.footer(AlertMessages.alertGroupFooter(group.id(), alerts.size())).build();
    }

    /** The message that re-notifies about a critical alert nobody acknowledged. */
    public Reply escalation(AlertRecord a, AlertGroup group, Duration unacked) {
        String mention = group.mention() != null ? group.mention() + " " : "";
        Reply.Builder r = Reply.builder().header(cut(AlertMessages.alertEscalationHeader(a.name(), unacked), MAX_HEADER))
                .severity(Severity.CRITICAL)
                .text(cut(mention + (a.summary().isBlank() ? a.name() : a.summary()), MAX_TEXT));
        buttons(r, String.valueOf(a.id()), true, true, false);
        return r.footer(AlertMessages.alertFooter(a.id(), a.source())).build();
    }

    private static void buttons(Reply.Builder r, String value, boolean ack, boolean silence, boolean group) {
        if (ack) {
            r.button(new Button(AlertMessages.ackButton(group), ButtonActions.ALERT_ACK, value, Button.Style.PRIMARY));
        }
        if (silence) {
            r.button(new Button(AlertMessages.silence1hButton(), ButtonActions.ALERT_SILENCE, value + ":1h",
                    Button.Style.DEFAULT));
            r.button(new Button(AlertMessages.silence4hButton(), ButtonActions.ALERT_SILENCE, value + ":4h",
                    Button.Style.DEFAULT));
        }
    }

    private static String state(AlertRecord a, Instant now) {
        return switch (a.state()) {
            case AlertRecord.ACKNOWLEDGED -> AlertMessages.alertStateAcked(a.ackedBy(), a.ackedAt(), a.startedAt(), now);
            case AlertRecord.SILENCED -> AlertMessages.alertStateSilenced(a.silencedUntil(), a.startedAt(), now);
            case AlertRecord.RESOLVED -> AlertMessages.alertStateResolved(a.resolvedAt(),
                    Duration.between(a.startedAt(), a.resolvedAt() == null ? now : a.resolvedAt()));
            default -> AlertMessages.alertStateFiring(a.startedAt(), now);
        };
    }

    static Severity severity(String severity) {
        return switch (severity) {
            case "critical" -> Severity.CRITICAL;
            case "warning" -> Severity.WARN;
            default -> Severity.INFO;
        };
    }

    private static int rank(String severity) {
        return switch (severity) {
            case "critical" -> 0;
            case "warning" -> 1;
            default -> 2;
        };
    }

    private static long count(List<AlertRecord> alerts, String state) {
        return alerts.stream().filter(a -> a.state().equals(state)).count();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return out;
    }

    static String labels(Map<String, String> labels, Set<String> skip) {
        return new TreeMap<>(labels).entrySet().stream().filter(e -> !skip.contains(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
