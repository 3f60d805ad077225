package dev.caretaker.chat;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platform;
import dev.caretaker.reply.Reply;

/**
 * What Caretaker needs from a chat platform to send on its own (alerts, digests, progress):
 * post, edit in place, reply in a thread. Commands arrive through the adapter's own entry point.
 * Methods throw {@link DeliveryException} when the platform refused or could not be reached.
 */
public interface ChatAdapter {

    Platform platform();

    /** Posts a new message; answers where it landed so later changes can edit it. */
    MessageRef post(ChannelAddress channel, Reply reply) throws DeliveryException;

    /** Replaces the content of a message posted before. */
    void update(MessageRef message, Reply reply) throws DeliveryException;

    /** Posts a reply in the thread of a message (a plain follow-up where the platform has no threads). */
    MessageRef replyInThread(MessageRef parent, Reply reply) throws DeliveryException;
}
