package dev.caretaker.chat;

import dev.caretaker.action.Progress;
import dev.caretaker.command.CommandInput;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.Admission;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Visibility;
import dev.caretaker.security.Caller;
import jakarta.inject.Singleton;

import java.util.Objects;

/**
 * The one way into Caretaker for every chat adapter (Slack, Discord, the console): who asks, where, and what (a
 * line to parse, a command the platform already parsed, or a button click); answers what to show. Roles, channel
 * rules, dedup, confirmations and the audit are the pipeline's, checked once; adapters only render the
 * {@link Answer}. Nothing here throws: every failure is an answer with one sentence.
 */
@Singleton
public final class Inbound {

    private final Dispatcher dispatcher;

    public Inbound(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /**
     * One command from a person.
     *
     * @param deliveryId the platform's id for this delivery (a Slack trigger or event id, a Discord interaction
     *                   id): the same id arriving twice, at any replica, runs once. Null when the platform has none.
     * @param progress   where a long action's progress goes (one edited message; printed lines on the console)
     * @param confirmed  the person already confirmed out of band ({@code caretaker run --yes}); approval is never skipped
     */
    public record Request(Caller who, ChannelAddress where, CommandInput what, String deliveryId, Progress progress,
                          boolean confirmed) {

        public Request {
            Objects.requireNonNull(who, "who");
            Objects.requireNonNull(where, "where");
            Objects.requireNonNull(what, "what");
            progress = progress == null ? Progress.NONE : progress;
        }

        public Request(Caller who, ChannelAddress where, CommandInput what, String deliveryId, Progress progress) {
            this(who, where, what, deliveryId, progress, false);
        }
    }

    /** Runs one command through the pipeline and answers what to show; blocks while the action runs. */
    public Answer command(Request request) {
        return prepare(request).run();
    }

    /**
     * The first half of {@link #command}: parses (or binds) the command and checks whether it may run at all,
     * without running anything. For a platform that must fix whether the answer is private before the work starts
     * (Discord defers every interaction within 3 s): {@link Prepared#privately()} comes from the same checks that
     * decide, and {@link Prepared#run()} does the rest.
     */
    public Prepared prepare(Request request) {
        return new Prepared(dispatcher.admit(new CommandRequest(request.who(), request.where(), request.what(),
                request.deliveryId(), request.progress(), request.confirmed())));
    }

    /**
     * A click on one of Caretaker's buttons, or a decision typed on the console: Confirm / Cancel / Approve / Reject
     * answer a pending request (the value is its token); other action ids (alert Ack, checklist Done) go to the
     * feature that made the button. Blocks while a confirmed action runs.
     */
    public Answer click(Caller who, String actionId, String value, Progress progress) {
        return Answer.of(dispatcher.click(actionId, value, who, progress == null ? Progress.NONE : progress));
    }

    /** A command that passed or failed its checks, and has not run yet. */
    public static final class Prepared {

        private final Admission admission;

        private Prepared(Admission admission) {
            this.admission = admission;
        }

        /**
         * Whether only the requester will see the answer: a refusal (not understood, a missing role, the wrong
         * channel, a repeat), a confirmation prompt, or a command declared {@code visibility: requester}. Only a
         * cooldown, found later, can still turn a public answer into a private refusal.
         */
        public boolean privately() {
            return admission.refusal().isPresent() || admission.command()
                    .filter(c -> c.visibility() == Visibility.REQUESTER || c.confirm()).isPresent();
        }

        /** Runs the rest of the pipeline (or answers the refusal); blocks while the action runs. Call it once. */
        public Answer run() {
            return Answer.of(admission.proceed());
        }
    }

    /**
     * What to show for one request, and what became of it. Refusals are for the requester only, whatever the
     * command's visibility: nobody else needs to read that someone lacks a role.
     */
    public record Answer(Reply reply, Status status) {

        /** What became of a request. */
        public enum Status {
            /** The action ran and succeeded. */
            DONE,
            /** The action ran and failed, or timed out. */
            FAILED,
            /** Not understood, or not allowed: a usage error, a missing role, the wrong channel, a cooldown, not theirs to decide. */
            REFUSED,
            /** Waiting for the requester to confirm. */
            AWAITING_CONFIRMATION,
            /** Waiting for other people to approve. */
            AWAITING_APPROVAL,
            /** A repeat of a delivery already handled: show nothing. */
            REPEAT
        }

        public Answer {
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(status, "status");
        }

        /** A refusal an adapter makes itself (too busy, a direct message where none are accepted). */
        public static Answer refused(Reply reply) {
            return new Answer(reply.visibility() == Visibility.REQUESTER ? reply
                    : reply.toBuilder().visibility(Visibility.REQUESTER).build(), Status.REFUSED);
        }

        static Answer of(Outcome outcome) {
            return switch (outcome) {
                case Outcome.Completed c -> new Answer(c.reply(), Status.DONE);
                case Outcome.Failed f -> new Answer(f.reply(), Status.FAILED);
                case Outcome.Rejected r -> refused(r.reply());
                case Outcome.Denied d -> refused(d.reply());
                case Outcome.Pending p -> new Answer(p.reply(),
                        p.approval() ? Status.AWAITING_APPROVAL : Status.AWAITING_CONFIRMATION);
                case Outcome.Duplicate d -> new Answer(d.reply(), Status.REPEAT);
            };
        }

        public boolean refused() {
            return status == Status.REFUSED;
        }

        /** The exit code of {@code caretaker run}: 0 ok, 1 the action failed, 2 usage error, denied or waiting. */
        public int exitCode() {
            return switch (status) {
                case DONE, REPEAT -> 0;
                case FAILED -> 1;
                case REFUSED, AWAITING_CONFIRMATION, AWAITING_APPROVAL -> 2;
            };
        }
    }
}
