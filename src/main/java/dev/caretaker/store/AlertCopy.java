package dev.caretaker.store;

import java.time.Instant;
import java.util.Map;

/** A changed copy of an {@link AlertRecord}: set what changes, keep the rest. */
public final class AlertCopy {

    private long id;
    private String fingerprint;
    private String source;
    private long groupId;
    private String name;
    private String severity;
    private String state;
    private Map<String, String> labels;
    private Map<String, String> annotations;
    private String value;
    private String summary;
    private String runbookUrl;
    private Instant startedAt;
    private Instant updatedAt;
    private Instant ackedAt;
    private String ackedBy;
    private Instant silencedUntil;
    private String silenceId;
    private Instant resolvedAt;
    private Instant lastNotifiedAt;
    private Instant escalatedAt;
    private String hold;
    private Instant heldAt;
    private String holdOutcome;
    private int escalationStep;
    private String escalatedTo;

    public AlertCopy(AlertRecord a) {
        this.id = a.id();
        this.fingerprint = a.fingerprint();
        this.source = a.source();
        this.groupId = a.groupId();
        this.name = a.name();
        this.severity = a.severity();
        this.state = a.state();
        this.labels = a.labels();
        this.annotations = a.annotations();
        this.value = a.value();
        this.summary = a.summary();
        this.runbookUrl = a.runbookUrl();
        this.startedAt = a.startedAt();
        this.updatedAt = a.updatedAt();
        this.ackedAt = a.ackedAt();
        this.ackedBy = a.ackedBy();
        this.silencedUntil = a.silencedUntil();
        this.silenceId = a.silenceId();
        this.resolvedAt = a.resolvedAt();
        this.lastNotifiedAt = a.lastNotifiedAt();
        this.escalatedAt = a.escalatedAt();
        this.hold = a.hold();
        this.heldAt = a.heldAt();
        this.holdOutcome = a.holdOutcome();
        this.escalationStep = a.escalationStep();
        this.escalatedTo = a.escalatedTo();
    }

    public AlertCopy fingerprint(String fingerprint) {
        this.fingerprint = fingerprint;
        return this;
    }

    public AlertCopy source(String source) {
        this.source = source;
        return this;
    }

    public AlertCopy groupId(long groupId) {
        this.groupId = groupId;
        return this;
    }

    public AlertCopy name(String name) {
        this.name = name;
        return this;
    }

    public AlertCopy severity(String severity) {
        this.severity = severity;
        return this;
    }

    public AlertCopy state(String state) {
        this.state = state;
        return this;
    }

    public AlertCopy labels(Map<String, String> labels) {
        this.labels = labels;
        return this;
    }

    public AlertCopy annotations(Map<String, String> annotations) {
        this.annotations = annotations;
        return this;
    }

    public AlertCopy value(String value) {
        this.value = value;
        return this;
    }

    public AlertCopy summary(String summary) {
        this.summary = summary;
        return this;
    }

    public AlertCopy runbookUrl(String runbookUrl) {
        this.runbookUrl = runbookUrl;
        return this;
    }

    public AlertCopy startedAt(Instant startedAt) {
        this.startedAt = startedAt;
        return this;
    }

    public AlertCopy updatedAt(Instant updatedAt) {
        this.updatedAt = updatedAt;
        return this;
    }

    public AlertCopy ackedAt(Instant ackedAt) {
        this.ackedAt = ackedAt;
        return this;
    }

    public AlertCopy ackedBy(String ackedBy) {
        this.ackedBy = ackedBy;
        return this;
    }

    public AlertCopy silencedUntil(Instant silencedUntil) {
        this.silencedUntil = silencedUntil;
        return this;
    }

    public AlertCopy silenceId(String silenceId) {
        this.silenceId = silenceId;
        return this;
    }

    public AlertCopy resolvedAt(Instant resolvedAt) {
        this.resolvedAt = resolvedAt;
        return this;
    }

    public AlertCopy lastNotifiedAt(Instant lastNotifiedAt) {
        this.lastNotifiedAt = lastNotifiedAt;
        return this;
    }

    public AlertCopy escalatedAt(Instant escalatedAt) {
        this.escalatedAt = escalatedAt;
        return this;
    }

    /** Held for {@code hold} since {@code at} (null: not held); a new hold has no outcome yet. */
    public AlertCopy hold(String hold, Instant at) {
        this.hold = hold;
        this.heldAt = hold == null ? null : at;
        this.holdOutcome = null;
        return this;
    }

    /** Releases a held alert, saying what became of it; its hold stays on record. */
    public AlertCopy holdOutcome(String holdOutcome) {
        this.holdOutcome = holdOutcome;
        return this;
    }

    public AlertCopy escalationStep(int escalationStep) {
        this.escalationStep = escalationStep;
        return this;
    }

    public AlertCopy escalatedTo(String escalatedTo) {
        this.escalatedTo = escalatedTo;
        return this;
    }

    public AlertRecord build() {
        return new AlertRecord(id, fingerprint, source, groupId, name, severity, state, labels, annotations, value,
                summary, runbookUrl, startedAt, updatedAt, ackedAt, ackedBy, silencedUntil, silenceId, resolvedAt,
                lastNotifiedAt, escalatedAt, hold, heldAt, holdOutcome, escalationStep, escalatedTo);
    }
}
