package dev.caretaker.store;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.reply.Reply;

import java.util.Objects;

/**
 * One message for the outbox. {@code messageKey} is stable per logical message (e.g. {@code alert-group:12:1}):
 * the first delivery posts, later ones with the same key in the same channel edit that message.
 * {@code threadParentKey}, when set, posts it in the thread of the message recorded under that key.
 */
public record OutboxMessage(ChannelAddress channel, String messageKey, Reply reply, String threadParentKey) {

    public OutboxMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(messageKey, "messageKey");
        Objects.requireNonNull(reply, "reply");
        if (messageKey.isBlank()) {
            throw new IllegalArgumentException("messageKey must not be blank");
        }
    }

    /** A top-level message (posted once, edited by later messages with the same key). */
    public static OutboxMessage of(ChannelAddress channel, String messageKey, Reply reply) {
        return new OutboxMessage(channel, messageKey, reply, null);
    }
}
