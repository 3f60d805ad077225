package dev.caretaker.pipeline;

import dev.caretaker.action.Progress;
import dev.caretaker.command.CommandInput;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.security.Caller;

import java.util.Objects;

/**
 * A command as an adapter received it, before parsing: a line, or a command the platform already parsed.
 *
 * @param deliveryId the platform's id for this delivery (Slack {@code event_id} or trigger id, Discord
 *                   interaction id); the same id arriving twice runs once. Null when the platform has none.
 * @param preConfirmed true when the user already confirmed out of band ({@code run --yes}), or a runbook's step
 *                     inherits the runbook's confirmation
 * @param requestId  the request id to run under, so several commands share one (a runbook's steps, the command a
 *                   schedule runs); null for a new one
 */
public record CommandRequest(Caller caller, ChannelAddress channel, CommandInput input, String deliveryId,
                             Progress progress, boolean preConfirmed, String requestId) {

    public CommandRequest {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(input, "input");
        progress = progress == null ? Progress.NONE : progress;
    }

    public CommandRequest(Caller caller, ChannelAddress channel, CommandInput input, String deliveryId,
                          Progress progress, boolean preConfirmed) {
        this(caller, channel, input, deliveryId, progress, preConfirmed, null);
    }

    public CommandRequest(Caller caller, ChannelAddress channel, String text, String deliveryId, Progress progress,
                          boolean preConfirmed) {
        this(caller, channel, new CommandInput.Text(text), deliveryId, progress, preConfirmed);
    }

    public CommandRequest(Caller caller, ChannelAddress channel, String text, String deliveryId) {
        this(caller, channel, text, deliveryId, Progress.NONE, false);
    }
}
