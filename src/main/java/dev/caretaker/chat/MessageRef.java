package dev.caretaker.chat;

import dev.caretaker.config.ChannelAddress;

import java.util.Objects;

/** A message a platform accepted: its channel and the platform's id for it (Slack {@code ts}, Discord snowflake). */
public record MessageRef(ChannelAddress channel, String messageId) {

    public MessageRef {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(messageId, "messageId");
    }
}
