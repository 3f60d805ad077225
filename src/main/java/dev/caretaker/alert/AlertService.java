package dev.caretaker.alert;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.Thresholds;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.Caller;
import dev.caretaker.store.AlertCopy;
import dev.caretaker.store.AlertGroup;
import dev.caretaker.store.AlertRecord;
import dev.caretaker.store.AlertStore;
import dev.caretaker.store.Outbox;
import dev.caretaker.store.OutboxMessage;
import dev.caretaker.store.Transactions;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alert state machine. Every change (fired, changed, acknowledged, silenced, resolved, escalated) is written
 * together with its outbox messages in one transaction: one message per alert group and episode, edited in place,
 * with a short thread reply for each later change. A group that fires again within the re-notify window keeps
 * its message and stays quiet (flapping); after the window it gets a new one.
 */
@Singleton
public class AlertService {

    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);

    /** What a person's request came to: the sentence to answer with, and whether it did what was asked. */
    public record Answer(boolean done, String sentence) {
    }

    /** What one Alertmanager notification changed. */
    public record Ingested(int alerts, int changed) {
    }

    private final Transactions transactions;
    private final AlertStore store;
    private final Outbox outbox;
    private final AlertRoutes routes;
    private final AlertmanagerSilences silences;
    private final Clock clock;
    private final Duration renotifyWindow;
    private final Duration escalateAfter;
    private final AlertRenderer renderer = new AlertRenderer();

    public AlertService(Transactions transactions, AlertStore store, Outbox outbox, AlertRoutes routes,
                        AlertmanagerSilences silences, Clock clock,
                        @Value("${caretaker.alerts.renotify-window:1h}") Duration renotifyWindow,
                        @Value("${caretaker.alerts.escalate-after:30m}") Duration escalateAfter) {
        this.transactions = transactions;
        this.store = store;
        this.outbox = outbox;
        this.routes = routes;
        this.silences = silences;
        this.clock = clock;
        this.renotifyWindow = renotifyWindow;
        this.escalateAfter = escalateAfter;
    }

    public Duration escalateAfter() {
        return escalateAfter;
    }

    // ---- probes ---------------------------------------------------------------------------------------------

    /** A probe's rule fired (or its severity changed): open the alert, or update it. */
    public void probeFiring(ProbeResult result, String severity) {
        String fp = fingerprint(result);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", result.probe());
        labels.put("target", result.target());
        labels.put("severity", severity);
        labels.put("source", AlertRecord.PROBE);
        Instant now = clock.instant();
        transactions.inTransaction(() -> {
            AlertRoutes.Destination dest = routes.route(labels);
            AlertGroup group = store.group(AlertRecord.PROBE, fp, labels, dest.channels(), dest.mention());
            AlertRecord existing = store.byFingerprints(AlertRecord.PROBE, List.of(fp)).get(fp);
            String value = value(result);
            if (existing == null) {
                store.insertAll(List.of(new AlertRecord(0, fp, AlertRecord.PROBE, group.id(), name(result), severity,
                        AlertRecord.FIRING, labels, Map.of(), value, result.detail(), null, now, now, null, null, null, null,
                        null, now, null)));
                notify(withRoute(group, labels), true, null);
            } else if (!existing.open()) {
                store.updateAll(List.of(reopened(existing, group.id(), labels, Map.of(), severity, value,
                        result.detail(), null, now, now)));
                notify(withRoute(group, labels), true, null);
            } else if (!existing.severity().equals(severity)) {
                store.updateAll(List.of(copy(existing).labels(labels).severity(severity).value(value)
                        .summary(result.detail()).updatedAt(now).build()));
                notify(group, false, AlertMessages.alertSeverityChanged(severity, result.detail()));
            } else {
                // the same trouble, measured again: keep the figures fresh, tell nobody
                store.updateAll(List.of(copy(existing).value(value).summary(result.detail()).updatedAt(now).build()));
            }
        });
    }

    /** A probe's rule saw enough good results in a row: resolve its alert, if open. */
    public void probeResolved(ProbeResult result) {
        String fp = fingerprint(result);
        Instant now = clock.instant();
        transactions.inTransaction(() -> {
            Optional<AlertRecord> seen = store.byProbeFingerprint(fp);
            if (seen.isEmpty() || !seen.get().open()) {
                return;
            }
            AlertGroup group = store.groupForUpdate(seen.get().groupId()).orElseThrow();
            AlertRecord existing = store.byIdForUpdate(seen.get().id()).orElseThrow();
            if (!existing.open()) {
                return;
            }
            store.updateAll(List.of(copy(existing).state(AlertRecord.RESOLVED).resolvedAt(now).updatedAt(now)
                    .value(value(result)).build()));
            notify(group, false, AlertMessages.alertResolvedAfter(Duration.between(existing.startedAt(), now)));
        });
    }

    static String fingerprint(ProbeResult r) {
        return r.target() + "/" + r.probe();
    }

    private static String name(ProbeResult r) {
        return r.probe() + " on " + r.target();
    }

    private static String value(ProbeResult r) {
        return r.value() == null ? null : Thresholds.format(r.value()) + (r.unit().isEmpty() ? "" : " " + r.unit());
    }

    // ---- Alertmanager -----------------------------------------------------------------------------------------

    /**
     * Records one notification: new alerts fire, known ones change or resolve, repeats change nothing (Alertmanager
     * retries). The group's one message is posted or edited in the same transaction.
     */
    public Ingested ingest(AlertmanagerPayload p) {
        Instant now = clock.instant();
        int[] changed = {0};
        transactions.inTransaction(() -> {
            // two deliveries of the same group (a retry racing the original) are taken one after the other
            store.lockFor("alertmanager:" + p.groupKey());
            // Routed once, on what every alert of the notification shares: Alertmanager groups by few labels
            // (often only alertname), so its groupLabels miss the severity and service that routes match on.
            Map<String, String> routing = routingLabels(p);
            AlertRoutes.Destination dest = routes.route(routing);
            AlertGroup group = store.group(AlertRecord.ALERTMANAGER, p.groupKey(), p.groupLabels(), dest.channels(),
                    dest.mention());
            List<String> fingerprints = p.alerts().stream().map(AlertmanagerPayload.Alert::fingerprint).toList();
            Map<String, AlertRecord> known = store.byFingerprints(AlertRecord.ALERTMANAGER, fingerprints);
            long openBefore = store.ofGroup(group.id()).stream().filter(AlertRecord::open).count();
            List<AlertRecord> inserts = new ArrayList<>();
            List<AlertRecord> updates = new ArrayList<>();
            List<String> fired = new ArrayList<>();
            List<String> resolved = new ArrayList<>();
            Map<String, AlertmanagerPayload.Alert> incoming = new LinkedHashMap<>();
            p.alerts().forEach(a -> incoming.put(a.fingerprint(), a));
            for (AlertmanagerPayload.Alert a : incoming.values()) {
                AlertRecord old = known.get(a.fingerprint());
                String severity = severityOf(a.labels());
                String summary = summaryOf(a);
                String runbook = a.annotations().get("runbook_url");
                Instant starts = a.startsAt() == null ? now : a.startsAt();
                if (old == null) {
                    boolean firing = a.firing();
                    Instant resolvedAt = firing ? null : (a.endsAt() == null ? now : a.endsAt());
                    inserts.add(new AlertRecord(0, a.fingerprint(), AlertRecord.ALERTMANAGER, group.id(), a.name(),
                            severity, firing ? AlertRecord.FIRING : AlertRecord.RESOLVED, a.labels(), a.annotations(),
                            a.annotations().get("value"), summary, runbook, starts, now, null, null, null, null,
                            resolvedAt, null, null));
                    if (firing) {
                        fired.add(a.name());
                    }
                } else if (a.firing() && !old.open()) {
                    updates.add(reopened(old, group.id(), a.labels(), a.annotations(), severity,
                            a.annotations().get("value"), summary, runbook, starts, now));
                    fired.add(a.name());
                } else if (!a.firing() && old.open()) {
                    updates.add(copy(old).groupId(group.id()).state(AlertRecord.RESOLVED)
                            .resolvedAt(a.endsAt() == null ? now : a.endsAt()).updatedAt(now).build());
                    resolved.add(a.name());
                } else if (a.firing() && (!old.severity().equals(severity) || !old.summary().equals(summary)
                        || old.groupId() != group.id())) {
                    updates.add(copy(old).groupId(group.id()).severity(severity).summary(summary).labels(a.labels())
                            .annotations(a.annotations()).runbookUrl(runbook).updatedAt(now).build());
                }
            }
            store.insertAll(inserts);
            store.updateAll(updates);
            changed[0] = fired.size() + resolved.size();
            if (changed[0] == 0 && updates.isEmpty()) {
                return;
            }
            List<AlertRecord> after = store.ofGroup(group.id());
            long openAfter = after.stream().filter(AlertRecord::open).count();
            AlertGroup routed = withDestination(group, dest);
            if (openBefore == 0 && openAfter > 0) {
                notify(routed, true, null);
            } else if (openAfter == 0 && openBefore > 0) {
                AlertRecord only = after.get(0);
                notify(group, false, after.size() == 1 && only.resolvedAt() != null
                        ? AlertMessages.alertResolvedAfter(Duration.between(only.startedAt(), only.resolvedAt()))
                        : AlertMessages.alertGroupResolved());
            } else if (openBefore > 0) {
                notify(group, false, changed[0] == 0 ? null : AlertMessages.alertGroupChanged(fired, resolved));
            }
        });
        return new Ingested(p.alerts().size(), changed[0]);
    }

    /** The labels every alert of the notification carries (Alertmanager's commonLabels, recomputed from the alerts). */
    static Map<String, String> routingLabels(AlertmanagerPayload p) {
        Map<String, String> common = new LinkedHashMap<>(p.groupLabels());
        common.putAll(p.commonLabels());
        if (!p.alerts().isEmpty()) {
            Map<String, String> shared = new LinkedHashMap<>(p.alerts().get(0).labels());
            for (AlertmanagerPayload.Alert a : p.alerts()) {
                shared.entrySet().removeIf(e -> !e.getValue().equals(a.labels().get(e.getKey())));
            }
            common.putAll(shared);
        }
        return common;
    }

    private static String severityOf(Map<String, String> labels) {
        String s = labels.getOrDefault("severity", "warning").toLowerCase(java.util.Locale.ROOT);
        return switch (s) {
            case "critical", "page", "error", "high" -> "critical";
            case "info", "informational", "none", "low" -> "info";
            default -> "warning";
        };
    }

    private static String summaryOf(AlertmanagerPayload.Alert a) {
        String s = a.annotations().get("summary");
        if (s == null || s.isBlank()) {
            s = a.annotations().get("description");
        }
        return s == null ? "" : s;
    }

    // ---- people ------------------------------------------------------------------------------------------------

    public Answer ack(long alertId, Caller by) {
        Instant now = clock.instant();
        return transactions.inTransaction(() -> {
            Optional<AlertRecord> seen = store.byId(alertId);
            if (seen.isEmpty()) {
                return new Answer(false, AlertCommandMessages.alertNotFound(alertId));
            }
            AlertGroup group = store.groupForUpdate(seen.get().groupId()).orElseThrow();
            AlertRecord a = store.byIdForUpdate(alertId).orElseThrow();
            if (!a.open()) {
                return new Answer(false, AlertCommandMessages.alertAlreadyResolved(alertId));
            }
            if (a.ackedAt() != null) {
                return new Answer(false, AlertCommandMessages.alertAlreadyAcked(alertId, a.ackedBy()));
            }
            store.updateAll(List.of(acked(a, by, now)));
            notify(group, false, AlertMessages.alertAckedBy(by.mention(), a.name()), true);
            return new Answer(true, AlertCommandMessages.alertAcked(alertId, a.name()));
        });
    }

    public Answer ackGroup(long groupId, Caller by) {
        Instant now = clock.instant();
        return transactions.inTransaction(() -> {
            Optional<AlertGroup> found = store.groupForUpdate(groupId);
            if (found.isEmpty()) {
                return new Answer(false, AlertCommandMessages.alertGroupNotFound(groupId));
            }
            List<AlertRecord> toAck = store.ofGroup(groupId).stream().filter(a -> a.open() && a.ackedAt() == null)
                    .map(a -> acked(a, by, now)).toList();
            if (toAck.isEmpty()) {
                return new Answer(false, AlertCommandMessages.alertGroupNothingToAck());
            }
            store.updateAll(toAck);
            notify(found.get(), false, AlertMessages.alertGroupAckedBy(by.mention(), toAck.size()), true);
            return new Answer(true, AlertCommandMessages.alertGroupAcked(toAck.size()));
        });
    }

    private static AlertRecord acked(AlertRecord a, Caller by, Instant now) {
        return copy(a).state(AlertRecord.SILENCED.equals(a.state()) ? AlertRecord.SILENCED : AlertRecord.ACKNOWLEDGED)
                .ackedAt(now).ackedBy(by.displayName()).updatedAt(now).build();
    }

    /** Silences one alert: in Alertmanager for its alerts (a real silence), here for probe alerts. */
    public Answer silence(long alertId, Duration duration, Caller by) {
        Optional<AlertRecord> found = store.byId(alertId);
        if (found.isEmpty()) {
            return new Answer(false, AlertCommandMessages.alertNotFound(alertId));
        }
        if (!found.get().open()) {
            return new Answer(false, AlertCommandMessages.alertAlreadyResolved(alertId));
        }
        return silenceWhere(found.get().groupId(), List.of(alertId), found.get().source(), found.get().labels(),
                duration, by, found.get().name());
    }

    /** Silences every open alert of a group; in Alertmanager, with the group's labels as matchers. */
    public Answer silenceGroup(long groupId, Duration duration, Caller by) {
        Optional<AlertGroup> group = transactions.inTransaction(() -> store.groupForUpdate(groupId));
        List<AlertRecord> alerts = group.isEmpty() ? List.of() : store.ofGroup(groupId);
        if (group.isEmpty()) {
            return new Answer(false, AlertCommandMessages.alertGroupNotFound(groupId));
        }
        List<Long> open = alerts.stream().filter(AlertRecord::open).map(AlertRecord::id).toList();
        if (open.isEmpty()) {
            return new Answer(false, AlertCommandMessages.alertGroupAllResolved());
        }
        Map<String, String> matchers = group.get().labels().isEmpty() ? alerts.get(0).labels() : group.get().labels();
        return silenceWhere(groupId, open, group.get().source(), matchers, duration, by,
                group.get().labels().getOrDefault("alertname", alerts.get(0).name()));
    }

    private Answer silenceWhere(long groupId, List<Long> alertIds, String source, Map<String, String> matchers,
                                Duration duration, Caller by, String what) {
        Instant now = clock.instant();
        Instant until = now.plus(duration);
        String silenceId = null;
        if (AlertRecord.ALERTMANAGER.equals(source)) {
            // the network call comes before the transaction: no rows stay locked while Alertmanager answers
            try {
                silenceId = silences.create(matchers, now, until, by.displayName(), AlertCommandMessages.alertSilenceComment(by.displayName()));
            } catch (AlertmanagerSilences.SilenceFailed e) {
                LOG.warn("Silence of alert group {} failed: {}", groupId, e.getMessage(), e.getCause());
                return new Answer(false, e.getMessage());
            }
        }
        String sid = silenceId;
        return transactions.inTransaction(() -> {
            AlertGroup group = store.groupForUpdate(groupId).orElseThrow();
            List<AlertRecord> changed = new ArrayList<>();
            for (long id : alertIds) {
                store.byIdForUpdate(id).filter(AlertRecord::open).ifPresent(a -> changed.add(copy(a)
                        .state(AlertRecord.SILENCED).silencedUntil(until).silenceId(sid).updatedAt(now).build()));
            }
            if (changed.isEmpty()) {
                return new Answer(false, AlertCommandMessages.alertGroupAllResolved());
            }
            store.updateAll(changed);
            notify(group, false, AlertMessages.alertSilencedBy(by.mention(), duration, until), true);
            return new Answer(true, AlertCommandMessages.alertSilenced(what, duration, until, sid != null));
        });
    }

    // ---- timers ----------------------------------------------------------------------------------------------------

    /** Escalates critical alerts nobody acknowledged, once, and ends silences whose time is up; answers how many. */
    public int runTimers() {
        Instant now = clock.instant();
        int[] n = {0};
        transactions.inTransaction(() -> {
            for (AlertRecord seen : store.due(now.minus(escalateAfter), now)) {
                AlertGroup group = store.groupForUpdate(seen.groupId()).orElseThrow();
                AlertRecord a = store.byIdForUpdate(seen.id()).orElseThrow();
                if (!a.state().equals(seen.state()) || !java.util.Objects.equals(a.ackedAt(), seen.ackedAt())) {
                    continue;   // someone acted on it since we looked
                }
                if (AlertRecord.SILENCED.equals(a.state())) {
                    store.updateAll(List.of(copy(a).state(a.ackedAt() != null ? AlertRecord.ACKNOWLEDGED : AlertRecord.FIRING)
                            .silencedUntil(null).silenceId(null).updatedAt(now).build()));
                    notify(group, false, AlertMessages.alertSilenceEnded(a.name()));
                } else {
                    store.updateAll(List.of(copy(a).escalatedAt(now).build()));
                    Reply reply = renderer.escalation(a, group, Duration.between(a.startedAt(), now));
                    List<OutboxMessage> messages = new ArrayList<>();
                    for (ChannelAddress ch : group.channels()) {
                        messages.add(OutboxMessage.of(ch, "alert-escalation:" + a.id() + ":" + group.episode(), reply));
                    }
                    outbox.enqueueAll(messages);
                }
                n[0]++;
            }
        });
        return n[0];
    }

    // ---- messages ------------------------------------------------------------------------------------------------

    /**
     * Writes the group's message to the outbox: a new post when it opens after the re-notify window, otherwise an
     * edit of this episode's message, plus a thread reply for a change unless the group is flapping.
     */
    private void notify(AlertGroup group, boolean opened, String threadText) {
        notify(group, opened, threadText, false);
    }

    /** {@code byPerson}: a person's Ack or Silence is threaded even while the group flaps; automatic changes are not. */
    private void notify(AlertGroup group, boolean opened, String threadText, boolean byPerson) {
        Instant now = clock.instant();
        AlertGroup g = group;
        if (opened) {
            boolean recent = g.episode() > 0 && g.lastPostedAt() != null
                    && Duration.between(g.lastPostedAt(), now).compareTo(renotifyWindow) < 0;
            g = recent
                    ? new AlertGroup(g.id(), g.source(), g.groupKey(), g.labels(), group.channels(), g.mention(), g.episode(),
                    true, g.threadSeq(), g.lastPostedAt())
                    : new AlertGroup(g.id(), g.source(), g.groupKey(), g.labels(), g.channels(), g.mention(),
                    g.episode() + 1, false, 0, now);
            threadText = null;
        }
        if (g.episode() == 0) {
            // never announced (e.g. a resolved alert we never saw fire): nothing to edit
            return;
        }
        List<AlertRecord> alerts = store.ofGroup(g.id());
        Reply main = renderer.render(g, alerts, now);
        List<OutboxMessage> messages = new ArrayList<>();
        for (ChannelAddress ch : g.channels()) {
            messages.add(OutboxMessage.of(ch, g.messageKey(), main));
        }
        if (threadText != null && (!g.flapping() || byPerson)) {
            int seq = g.threadSeq() + 1;
            for (ChannelAddress ch : g.channels()) {
                messages.add(new OutboxMessage(ch, g.messageKey() + ":t" + seq, Reply.text(threadText), g.messageKey()));
            }
            g = new AlertGroup(g.id(), g.source(), g.groupKey(), g.labels(), g.channels(), g.mention(), g.episode(),
                    g.flapping(), seq, g.lastPostedAt());
        }
        outbox.enqueueAll(messages);
        store.saveGroup(g);
        store.markNotified(g.id(), now);
    }

    /** The group with channels and mention routed afresh: config may have changed since its last episode. */
    private AlertGroup withRoute(AlertGroup g, Map<String, String> labels) {
        Map<String, String> routing = new LinkedHashMap<>(g.labels());
        routing.putAll(labels);
        return withDestination(g, routes.route(routing));
    }

    private static AlertGroup withDestination(AlertGroup g, AlertRoutes.Destination dest) {
        return new AlertGroup(g.id(), g.source(), g.groupKey(), g.labels(), dest.channels(), dest.mention(), g.episode(),
                g.flapping(), g.threadSeq(), g.lastPostedAt());
    }

    private static AlertRecord reopened(AlertRecord old, long groupId, Map<String, String> labels,
                                        Map<String, String> annotations, String severity, String value, String summary,
                                        String runbook, Instant startedAt, Instant now) {
        return copy(old).groupId(groupId).labels(labels).annotations(annotations).severity(severity)
                .state(AlertRecord.FIRING).value(value).summary(summary).runbookUrl(runbook).startedAt(startedAt)
                .updatedAt(now).ackedAt(null).ackedBy(null)
                .silencedUntil(null).silenceId(null).resolvedAt(null).escalatedAt(null).build();
    }

    // ---- plumbing --------------------------------------------------------------------------------------------------

    static AlertCopy copy(AlertRecord a) {
        return a.copy();
    }
}
