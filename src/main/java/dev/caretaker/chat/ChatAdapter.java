package dev.caretaker.chat;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platform;
import dev.caretaker.reply.Reply;

import java.time.Duration;

/**
 * What Caretaker needs from a chat platform to send on its own (alerts, digests, progress):
 * post, edit in place, reply in a thread. Commands arrive through the adapter's own entry point.
 * Each method makes one attempt and throws {@link DeliveryException} when the platform refused or could not be
 * reached; retrying is the caller's business ({@link DeliveryPolicy}), never the adapter's.
 */
public interface ChatAdapter {

    Platform platform();

    /** How far apart new messages in one channel must be (Slack takes about one a second); zero for no pacing. */
    default Duration pace() {
        return Duration.ZERO;
    }

    /** Posts a new message; answers where it landed so later changes can edit it. */
    MessageRef post(ChannelAddress channel, Reply reply) throws DeliveryException;

    /** Replaces the content of a message posted before. */
    void update(MessageRef message, Reply reply) throws DeliveryException;

    /** Posts a reply in the thread of a message (a plain follow-up where the platform has no threads). */
    MessageRef replyInThread(MessageRef parent, Reply reply) throws DeliveryException;
}
