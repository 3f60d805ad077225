package dev.caretaker.pipeline;

import dev.caretaker.action.Progress;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.security.Caller;

import java.util.Objects;

/**
 * A command line as an adapter received it, before parsing.
 *
 * @param deliveryId the platform's id for this delivery (Slack {@code event_id} or trigger id, Discord
 *                   interaction id); the same id arriving twice runs once. Null when the platform has none.
 * @param preConfirmed true when the user already confirmed out of band ({@code run --yes})
 */
public record CommandRequest(Caller caller, ChannelAddress channel, String text, String deliveryId,
                             Progress progress, boolean preConfirmed) {

    public CommandRequest {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(text, "text");
        progress = progress == null ? Progress.NONE : progress;
    }

    public CommandRequest(Caller caller, ChannelAddress channel, String text, String deliveryId) {
        this(caller, channel, text, deliveryId, Progress.NONE, false);
    }
}
