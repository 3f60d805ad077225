package dev.caretaker.digest;

import dev.caretaker.chat.DeliveryException;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.reply.Reply;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where digests and checklists go. {@code send} runs inside the transaction that claims the run, so the claim and
 * the message stand or fall together: the default, {@link OutboxDigestSink}, enqueues on {@code tx} and the outbox
 * delivers with retries. A sink that posts at once throws {@link DeliveryException} to roll the claim back.
 * The same {@code messageKey} again edits the message sent before.
 */
public interface DigestSink {

    void send(Connection tx, ChannelAddress channel, String messageKey, Reply reply) throws DeliveryException, SQLException;

    /** Called after the transaction that sent messages committed (an outbox wakes its notifier here). */
    default void committed() {
    }
}
