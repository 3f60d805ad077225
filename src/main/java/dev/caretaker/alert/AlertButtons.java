package dev.caretaker.alert;

import dev.caretaker.action.Progress;
import dev.caretaker.command.Durations;
import dev.caretaker.pipeline.ButtonHandler;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.reply.Format;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Visibility;
import dev.caretaker.security.AccessDecision;
import dev.caretaker.security.Caller;
import dev.caretaker.security.RoleMessages;
import dev.caretaker.security.RoleResolver;
import dev.caretaker.store.AuditEntry;
import dev.caretaker.store.AuditLog;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Ack and Silence buttons under alert messages. Values are {@code <alert id>} or {@code <alert id>:<duration>};
 * a group message's buttons carry {@code g<group id>}. The clicker needs the operator role; every click is audited.
 */
@Singleton
public class AlertButtons implements ButtonHandler {

    /** The role Ack and Silence need, on buttons and as commands. */
    public static final String ROLE = "operator";
    /** The longest silence anyone can set from chat. */
    public static final Duration MAX_SILENCE = Duration.ofDays(7);

    private final AlertService alerts;
    private final RoleResolver roles;
    private final AuditLog audit;
    private final Clock clock;

    public AlertButtons(AlertService alerts, RoleResolver roles, AuditLog audit, Clock clock) {
        this.alerts = alerts;
        this.roles = roles;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public boolean handles(String actionId) {
        return ButtonActions.ALERT_ACK.equals(actionId) || ButtonActions.ALERT_SILENCE.equals(actionId);
    }

    @Override
    public Outcome click(String actionId, String value, Caller caller, Progress progress) {
        boolean ack = ButtonActions.ALERT_ACK.equals(actionId);
        String command = ack ? "alert ack" : "alert silence";
        String line = command + " " + (value == null ? "" : value.replace(':', ' ')) + " (button)";
        AuditEntry entry = new AuditEntry("btn-" + UUID.randomUUID().toString().substring(0, 8), caller.platform().id(),
                caller.userId(), caller.displayName(), "", command, line, Map.of("value", value == null ? "" : value),
                clock.instant());
        if (roles.check(caller, ROLE) instanceof AccessDecision.MissingRole) {
            String sentence = RoleMessages.missingRole(ROLE, command);
            audit.record(entry, "denied", sentence);
            return new Outcome.Denied(Reply.error(sentence));
        }
        Optional<Target> target = Target.parse(value, !ack);
        if (target.isEmpty()) {
            audit.record(entry, "rejected", AlertCommandMessages.alertButtonValueInvalid());
            return new Outcome.Rejected(Reply.error(AlertCommandMessages.alertButtonValueInvalid()));
        }
        Target t = target.get();
        AlertService.Answer answer;
        if (ack) {
            answer = t.group() ? alerts.ackGroup(t.id(), caller) : alerts.ack(t.id(), caller);
        } else if (t.duration().compareTo(Duration.ofMinutes(1)) < 0 || t.duration().compareTo(MAX_SILENCE) > 0) {
            answer = new AlertService.Answer(false, AlertCommandMessages.alertSilenceOutOfRange(Format.human(MAX_SILENCE)));
        } else {
            answer = t.group() ? alerts.silenceGroup(t.id(), t.duration(), caller)
                    : alerts.silence(t.id(), t.duration(), caller);
        }
        audit.record(entry, answer.done() ? "allowed" : "rejected", answer.sentence());
        Reply reply = Reply.builder().visibility(Visibility.REQUESTER).text(answer.sentence()).build();
        return answer.done() ? new Outcome.Completed(reply) : new Outcome.Rejected(reply);
    }

    /** What a button value names. */
    record Target(boolean group, long id, Duration duration) {

        static Optional<Target> parse(String value, boolean needsDuration) {
            if (value == null) {
                return Optional.empty();
            }
            String[] parts = value.strip().split(":", -1);
            if (parts.length > 2 || (needsDuration && parts.length != 2)) {
                return Optional.empty();
            }
            boolean group = parts[0].startsWith("g");
            String digits = group ? parts[0].substring(1) : parts[0];
            if (!digits.matches("\\d{1,18}")) {
                return Optional.empty();
            }
            Duration d = Duration.ZERO;
            if (parts.length == 2) {
                Optional<Duration> parsed = Durations.parse(parts[1]);
                if (parsed.isEmpty()) {
                    return Optional.empty();
                }
                d = parsed.get();
            }
            return Optional.of(new Target(group, Long.parseLong(digits), d));
        }
    }
}
