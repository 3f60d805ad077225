package dev.caretaker.pipeline;

import dev.caretaker.action.Progress;
import dev.caretaker.command.Args;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.security.Caller;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One typed use of a command: who, where, which command with which args, and the request id that the
 * user and the log both see.
 *
 * @param commandLine the text as typed (redacted before it is stored or shown)
 * @param confirmed   the requester confirmed it (button, {@code confirm <token>} or {@code --yes})
 * @param approvedBy  people who approved it besides the requester
 * @param note        what the audit row records beside the outcome, e.g. that PostgreSQL checked the delivery id
 *                    because Redis was lost; null for none
 */
public record Invocation(String requestId, Caller caller, ChannelAddress channel, CommandSpec command, Args args,
                         String commandLine, Instant receivedAt, String deliveryId, boolean confirmed,
                         List<Caller> approvedBy, Progress progress, String note) {

    public Invocation(String requestId, Caller caller, ChannelAddress channel, CommandSpec command, Args args,
                      String commandLine, Instant receivedAt, String deliveryId, boolean confirmed,
                      List<Caller> approvedBy, Progress progress) {
        this(requestId, caller, channel, command, args, commandLine, receivedAt, deliveryId, confirmed, approvedBy,
                progress, null);
    }

    public Invocation {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(commandLine, "commandLine");
        Objects.requireNonNull(receivedAt, "receivedAt");
        approvedBy = approvedBy == null ? List.of() : List.copyOf(approvedBy);
        progress = progress == null ? Progress.NONE : progress;
    }

    /** The same invocation with {@code note} for its audit row. */
    public Invocation withNote(String note) {
        return new Invocation(requestId, caller, channel, command, args, commandLine, receivedAt, deliveryId, confirmed,
                approvedBy, progress, note);
    }

    /** The command name and its args as parsed, e.g. {@code audit limit=20 since=24h}. */
    public String normalized() {
        String a = args.toString();
        return a.isEmpty() ? command.name() : command.name() + " " + a;
    }
}
