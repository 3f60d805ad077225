package dev.caretaker.alert;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.Thresholds;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.security.Caller;
import dev.caretaker.store.AlertCopy;
import dev.caretaker.store.AlertGroup;
import dev.caretaker.store.AlertRecord;
import dev.caretaker.store.AlertStore;
import dev.caretaker.store.Outbox;
import dev.caretaker.store.OutboxMessage;
import dev.caretaker.store.Transactions;
import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /** What releasing held alerts did: posted those still firing, recorded the others as resolved meanwhile. */
    public record Released(List<AlertRecord> posted, List<AlertRecord> resolved) {
    }

    private final Transactions transactions;
    private final AlertStore store;
    private final Outbox outbox;
    private final AlertRoutes routes;
    private final AlertmanagerSilences silences;
    private final List<AlertHolds> holds;
    private final Optional<Paging> paging;
    private final Clock clock;
    private final Duration renotifyWindow;
    private final Duration escalateAfter;
    private final AlertRenderer renderer = new AlertRenderer();
    private final ApplicationEventPublisher<AlertAnnounced> announced;

    /**
     * @param holds  what holds alerts back (maintenance windows); none in a build without them
     * @param paging who is on call in a route's rotation; absent in a build without rotations
     */
    public AlertService(Transactions transactions, AlertStore store, Outbox outbox, AlertRoutes routes,
                        AlertmanagerSilences silences, List<AlertHolds> holds, List<Paging> paging, Clock clock,
                        AlertsSettings settings, ApplicationEventPublisher<AlertAnnounced> announced) {
        this.transactions = transactions;
        this.store = store;
        this.outbox = outbox;
        this.routes = routes;
        this.silences = silences;
        this.holds = List.copyOf(holds);
        this.paging = paging.stream().findFirst();
        this.clock = clock;
        this.renotifyWindow = settings.renotifyWindow();
        this.escalateAfter = settings.escalateAfter();
        this.announced = announced;
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
            if (existing == null || !existing.open()) {
                // held alerts are stored, not posted: a maintenance window, or quiet hours for this severity
                String hold = holdOf(labels, severity, dest, now, holds(now)).orElse(null);
                if (existing == null) {
                    store.insertAll(List.of(new AlertRecord(0, fp, AlertRecord.PROBE, group.id(), name(result), severity,
                            AlertRecord.FIRING, labels, Map.of(), value, result.detail(), null, now, now, null, null, null,
                            null, null, now, null).copy().hold(hold, now).build()));
                } else {
                    store.updateAll(List.of(reopened(existing, group.id(), labels, Map.of(), severity, value,
                            result.detail(), null, now, now).copy().hold(hold, now).build()));
                }
                if (hold == null) {
                    notify(withRoute(group, labels), true, null);
                }
            } else if (existing.held()) {
                // critical alerts always page: one held for quiet hours is posted once it turns critical
                boolean release = AlertRecord.QUIET.equals(existing.hold()) && "critical".equals(severity);
                AlertCopy changed = copy(existing).labels(labels).severity(severity).value(value).summary(result.detail())
                        .updatedAt(now);
                store.updateAll(List.of(release ? changed.holdOutcome(AlertRecord.POSTED_WHEN_CRITICAL).build()
                        : changed.build()));
                if (release) {
                    notify(withRoute(group, labels), true, null);
                }
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
            if (!existing.held()) {
                notify(group, false, AlertMessages.alertResolvedAfter(Duration.between(existing.startedAt(), now)));
            }
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
            // held alerts are stored and kept out of the group's message, and out of these counts
            long openBefore = store.ofGroup(group.id()).stream().filter(AlertService::shown).count();
            AlertHolds.Check check = holds(now);
            int heldChanges = 0;
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
                    String hold = firing ? holdOf(a.labels(), severity, dest, now, check).orElse(null) : null;
                    inserts.add(new AlertRecord(0, a.fingerprint(), AlertRecord.ALERTMANAGER, group.id(), a.name(),
                            severity, firing ? AlertRecord.FIRING : AlertRecord.RESOLVED, a.labels(), a.annotations(),
                            a.annotations().get("value"), summary, runbook, starts, now, null, null, null, null,
                            resolvedAt, null, null).copy().hold(hold, now).build());
                    if (firing && hold == null) {
                        fired.add(a.name());
                    } else if (firing) {
                        heldChanges++;
                    }
                } else if (a.firing() && !old.open()) {
                    String hold = holdOf(a.labels(), severity, dest, now, check).orElse(null);
                    updates.add(reopened(old, group.id(), a.labels(), a.annotations(), severity,
                            a.annotations().get("value"), summary, runbook, starts, now).copy().hold(hold, now).build());
                    if (hold == null) {
                        fired.add(a.name());
                    } else {
                        heldChanges++;
                    }
                } else if (!a.firing() && old.open()) {
                    updates.add(copy(old).groupId(group.id()).state(AlertRecord.RESOLVED)
                            .resolvedAt(a.endsAt() == null ? now : a.endsAt()).updatedAt(now).build());
                    if (old.held()) {
                        heldChanges++;
                    } else {
                        resolved.add(a.name());
                    }
                } else if (a.firing() && (!old.severity().equals(severity) || !old.summary().equals(summary)
                        || old.groupId() != group.id())) {
                    AlertCopy c = copy(old).groupId(group.id()).severity(severity).summary(summary).labels(a.labels())
                            .annotations(a.annotations()).runbookUrl(runbook).updatedAt(now);
                    if (old.held() && AlertRecord.QUIET.equals(old.hold()) && "critical".equals(severity)) {
                        // critical alerts always page: held for quiet hours until it turned critical
                        c.holdOutcome(AlertRecord.POSTED_WHEN_CRITICAL);
                        fired.add(a.name());
                    }
                    updates.add(c.build());
                }
            }
            store.insertAll(inserts);
            store.updateAll(updates);
            changed[0] = fired.size() + resolved.size() + heldChanges;
            if (changed[0] == 0 && updates.isEmpty()) {
                return;
            }
            List<AlertRecord> after = store.ofGroup(group.id()).stream().filter(AlertService::visible).toList();
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
                notify(group, false, fired.isEmpty() && resolved.isEmpty() ? null
                        : AlertMessages.alertGroupChanged(fired, resolved));
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
            if (!a.held()) {
                notify(group, false, AlertMessages.alertAckedBy(by.mention(), a.name()), true);
            }
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

    /**
     * Ends silences whose time is up, and escalates critical alerts nobody acknowledged: along the steps of their
     * route's rotation (each step once, a thread reply paging the step's person), or, without a rotation that has
     * steps, once after {@code caretaker.alerts.escalate-after}. Answers how many alerts it changed.
     */
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
                } else if (steps(group).isEmpty()) {
                    store.updateAll(List.of(copy(a).escalatedAt(now).build()));
                    Duration unacked = Duration.between(a.startedAt(), now);
                    List<OutboxMessage> messages = new ArrayList<>();
                    for (ChannelAddress ch : group.channels()) {
                        messages.add(OutboxMessage.of(ch, "alert-escalation:" + a.id() + ":" + group.episode(),
                                renderer.escalation(a, group.on(ch.platform()), unacked)));
                    }
                    outbox.enqueueAll(messages);
                } else {
                    continue;   // its rotation's steps page for it, below
                }
                n[0]++;
            }
            for (AlertRecord seen : store.unackedCriticals()) {
                if (escalateStep(seen, now)) {
                    n[0]++;
                }
            }
        });
        return n[0];
    }

    /** The escalation steps of the group's rotation; empty without a rotation or steps. */
    private List<Paging.Step> steps(AlertGroup group) {
        return group.rotation() == null ? List.of()
                : paging.map(p -> p.escalation(group.rotation())).orElse(List.of());
    }

    /** Takes the alert's next escalation step when its time has come: one thread reply, recorded on the alert. */
    private boolean escalateStep(AlertRecord seen, Instant now) {
        AlertGroup group = store.groupForUpdate(seen.groupId()).orElseThrow();
        List<Paging.Step> steps = steps(group);
        if (steps.isEmpty() || seen.escalationStep() >= steps.size() || group.episode() == 0) {
            return false;
        }
        AlertRecord a = store.byIdForUpdate(seen.id()).orElseThrow();
        if (!AlertRecord.FIRING.equals(a.state()) || a.ackedAt() != null || a.held()
                || a.escalationStep() >= steps.size()) {
            return false;   // acknowledged, silenced or resolved since we looked: Ack stops the escalation
        }
        int step = a.escalationStep();
        Paging.Step next = steps.get(step);
        if (now.isBefore(a.startedAt().plus(next.after()))) {
            return false;
        }
        Optional<Paging.Person> who = paging.flatMap(p -> p.resolve(next.to(), now));
        Duration unacked = Duration.between(a.startedAt(), now);
        List<OutboxMessage> messages = new ArrayList<>();
        for (ChannelAddress ch : group.channels()) {
            String text = who.map(p -> PagingMessages.escalatedTo(p.mentionOn(ch.platform().id()), a.name(), unacked,
                    step + 1, steps.size())).orElseGet(() -> PagingMessages.escalationNobody(next.to(), a.name(), unacked,
                    step + 1, steps.size()));
            messages.add(new OutboxMessage(ch, group.messageKey() + ":escalation:" + a.id() + ":" + (step + 1),
                    Reply.builder().severity(Severity.CRITICAL).text(text).build(), group.messageKey()));
        }
        outbox.enqueueAll(messages);
        store.updateAll(List.of(copy(a).escalationStep(step + 1).escalatedAt(now)
                .escalatedTo(who.map(Paging.Person::name).orElse(next.to())).build()));
        return true;
    }

    // ---- held alerts -----------------------------------------------------------------------------------------------

    /**
     * Releases the alerts held for {@code hold} (a maintenance window that ended): those still firing are posted now,
     * one message per group as when they fired; those that resolved meanwhile, or whose fingerprints are in
     * {@code resolvedElsewhere} (Alertmanager no longer has them), are recorded as resolved during maintenance.
     */
    public Released release(String hold, Set<String> resolvedElsewhere) {
        Instant now = clock.instant();
        return transactions.inTransaction(() -> {
            List<AlertRecord> posted = new ArrayList<>();
            List<AlertRecord> resolvedDuring = new ArrayList<>();
            Map<Long, List<AlertRecord>> byGroup = new LinkedHashMap<>();
            for (AlertRecord a : store.heldFor(hold)) {
                byGroup.computeIfAbsent(a.groupId(), k -> new ArrayList<>()).add(a);
            }
            for (Map.Entry<Long, List<AlertRecord>> e : byGroup.entrySet()) {
                AlertGroup group = store.groupForUpdate(e.getKey()).orElseThrow();
                long shownBefore = store.ofGroup(group.id()).stream().filter(AlertService::shown).count();
                List<AlertRecord> updates = new ArrayList<>();
                List<AlertRecord> stillFiring = new ArrayList<>();
                for (AlertRecord seen : e.getValue()) {
                    AlertRecord a = store.byIdForUpdate(seen.id()).orElseThrow();
                    if (!a.held() || !hold.equals(a.hold())) {
                        continue;
                    }
                    if (!a.open() || resolvedElsewhere.contains(a.fingerprint())) {
                        AlertRecord r = (a.open() ? copy(a).state(AlertRecord.RESOLVED).resolvedAt(now).updatedAt(now) : copy(a))
                                .holdOutcome(AlertRecord.RESOLVED_DURING_MAINTENANCE).build();
                        updates.add(r);
                        resolvedDuring.add(r);
                    } else {
                        AlertRecord r = copy(a).holdOutcome(AlertRecord.POSTED_AFTER_MAINTENANCE).build();
                        updates.add(r);
                        stillFiring.add(r);
                    }
                }
                store.updateAll(updates);
                posted.addAll(stillFiring);
                if (stillFiring.isEmpty()) {
                    continue;
                }
                if (shownBefore == 0) {
                    notify(withRoute(group, commonLabels(stillFiring)), true, null);
                } else {
                    notify(group, false, PagingMessages.heldStillFiring(stillFiring.size()));
                }
            }
            return new Released(posted, resolvedDuring);
        });
    }

    /** Whether an alert counts in its group's message: open and not held. */
    private static boolean shown(AlertRecord a) {
        return a.open() && !a.held();
    }

    /** Whether an alert appears in its group's message: not held, and not one that came and went in a window. */
    private static boolean visible(AlertRecord a) {
        return !a.held() && !AlertRecord.RESOLVED_DURING_MAINTENANCE.equals(a.holdOutcome());
    }

    /** Why an alert is held, if it is: a maintenance window covering it, or its route's quiet hours for its severity. */
    private static Optional<String> holdOf(Map<String, String> labels, String severity, AlertRoutes.Destination dest,
                                           Instant now, AlertHolds.Check check) {
        Optional<String> window = check.hold(labels);
        if (window.isPresent()) {
            return window;
        }
        return dest.quietHours() != null && dest.quietHours().holds(severity, now) ? Optional.of(AlertRecord.QUIET)
                : Optional.empty();
    }

    private AlertHolds.Check holds(Instant now) {
        if (holds.isEmpty()) {
            return AlertHolds.Check.NONE;
        }
        List<AlertHolds.Check> checks = holds.stream().map(h -> h.at(now)).toList();
        return labels -> checks.stream().map(c -> c.hold(labels)).flatMap(Optional::stream).findFirst();
    }

    private static Map<String, String> commonLabels(List<AlertRecord> alerts) {
        Map<String, String> shared = new LinkedHashMap<>(alerts.get(0).labels());
        for (AlertRecord a : alerts) {
            shared.entrySet().removeIf(e -> !e.getValue().equals(a.labels().get(e.getKey())));
        }
        return shared;
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
        // held alerts stay out of the message until they are released; those that came and went in a window, for good
        List<AlertRecord> alerts = store.ofGroup(g.id()).stream().filter(AlertService::visible).toList();
        if (alerts.isEmpty()) {
            return;
        }
        if (opened) {
            boolean recent = g.episode() > 0 && g.lastPostedAt() != null
                    && Duration.between(g.lastPostedAt(), now).compareTo(renotifyWindow) < 0;
            // a new episode pages whoever is on call now, and every edit of its message keeps paging them
            g = recent ? g.episode(g.episode(), true, g.threadSeq(), g.lastPostedAt(), g.mentions())
                    : g.episode(g.episode() + 1, false, 0, now, onCall(g.rotation(), now));
            threadText = null;
        }
        if (g.episode() == 0) {
            // never announced (e.g. a resolved alert we never saw fire): nothing to edit
            return;
        }
        if (opened && g.episode() > group.episode()) {
            // a new episode: once it has committed, whatever its route attaches runs, with no transaction open
            AlertAnnounced event = new AlertAnnounced(g.id(), g.episode(), g.messageKey(), g.channels(),
                    announcedLabels(g, alerts));
            transactions.afterCommit(() -> announced.publishEvent(event));
        }
        Map<String, Reply> mains = new HashMap<>();
        List<OutboxMessage> messages = new ArrayList<>();
        for (ChannelAddress ch : g.channels()) {
            AlertGroup shown = g;
            Reply main = mains.computeIfAbsent(ch.platform().id(), p -> renderer.render(shown.on(ch.platform()), alerts, now));
            messages.add(OutboxMessage.of(ch, g.messageKey(), main));
        }
        if (threadText != null && (!g.flapping() || byPerson)) {
            int seq = g.threadSeq() + 1;
            for (ChannelAddress ch : g.channels()) {
                messages.add(new OutboxMessage(ch, g.messageKey() + ":t" + seq, Reply.text(threadText), g.messageKey()));
            }
            g = g.threaded(seq);
        }
        outbox.enqueueAll(messages);
        store.saveGroup(g);
        store.markNotified(g.id(), now);
    }

    /** The labels an announced group's attached commands may name: the group's, and those all its open alerts share. */
    private static Map<String, String> announcedLabels(AlertGroup g, List<AlertRecord> alerts) {
        Map<String, String> labels = new LinkedHashMap<>(g.labels());
        List<AlertRecord> open = alerts.stream().filter(AlertRecord::open).toList();
        labels.putAll(commonLabels(open.isEmpty() ? alerts : open));
        return labels;
    }

    /** The group with channels and mention routed afresh: config may have changed since its last episode. */
    private AlertGroup withRoute(AlertGroup g, Map<String, String> labels) {
        Map<String, String> routing = new LinkedHashMap<>(g.labels());
        routing.putAll(labels);
        return withDestination(g, routes.route(routing));
    }

    private static AlertGroup withDestination(AlertGroup g, AlertRoutes.Destination dest) {
        return g.routed(dest.channels(), dest.mention(), dest.rotation());
    }

    /** How the person on call in {@code rotation} is mentioned on each platform; none without a rotation. */
    private Map<String, String> onCall(String rotation, Instant now) {
        if (rotation == null) {
            return Map.of();
        }
        return paging.flatMap(p -> p.onCall(rotation, now)).map(Paging.Person::mentions).orElse(Map.of());
    }

    private static AlertRecord reopened(AlertRecord old, long groupId, Map<String, String> labels,
                                        Map<String, String> annotations, String severity, String value, String summary,
                                        String runbook, Instant startedAt, Instant now) {
        return copy(old).groupId(groupId).labels(labels).annotations(annotations).severity(severity)
                .state(AlertRecord.FIRING).value(value).summary(summary).runbookUrl(runbook).startedAt(startedAt)
                .updatedAt(now).ackedAt(null).ackedBy(null)
                .silencedUntil(null).silenceId(null).resolvedAt(null).escalatedAt(null).escalationStep(0).escalatedTo(null)
                .build();
    }

    // ---- plumbing --------------------------------------------------------------------------------------------------

    static AlertCopy copy(AlertRecord a) {
        return a.copy();
    }
}
