package dev.caretaker.digest;

import dev.caretaker.chat.Outbox;
import dev.caretaker.chat.OutboxMessage;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.reply.Reply;
import jakarta.inject.Singleton;

import java.sql.Connection;

/**
 * Digests and checklists through the outbox: enqueued in the transaction that claims the run, delivered with
 * retries by the notifier; the same key edits the message posted before.
 */
@Singleton
public class OutboxDigestSink implements DigestSink {

    private final Outbox outbox;

    public OutboxDigestSink(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void send(Connection tx, ChannelAddress channel, String messageKey, Reply reply) {
        outbox.enqueue(tx, OutboxMessage.of(channel, messageKey, reply));
    }

    @Override
    public void committed() {
        outbox.wake();
    }
}
