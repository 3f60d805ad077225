package dev.caretaker.digest;

import dev.caretaker.chat.ChatAdapter;
import dev.caretaker.chat.ChatAdapters;
import dev.caretaker.chat.DeliveryException;
import dev.caretaker.chat.MessageRef;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.reply.Reply;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;

/**
 * Posts through the chat adapter of the channel's platform and remembers each message's id in
 * {@code digest_messages}, so the same key edits it later. The stand-in until the outbox exists.
 */
@Singleton
@Secondary
public class DirectDigestSink implements DigestSink {

    // lazy: adapters lead to the Discord gateway, which needs the dispatcher, which needs the Done button handler
    private final BeanProvider<ChatAdapters> adapters;
    private final Clock clock;

    public DirectDigestSink(BeanProvider<ChatAdapters> adapters, Clock clock) {
        this.adapters = adapters;
        this.clock = clock;
    }

    @Override
    public void send(Connection tx, ChannelAddress channel, String messageKey, Reply reply)
            throws DeliveryException, SQLException {
        ChatAdapter adapter = adapters.get().forChannel(channel).orElseThrow(() -> DeliveryException.permanent(
                "no chat adapter is switched on for " + channel, null));
        String existing = null;
        try (PreparedStatement ps = tx.prepareStatement(
                "select message_id from digest_messages where message_key = ? for update")) {
            ps.setString(1, messageKey);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    existing = rs.getString(1);
                }
            }
        }
        if (existing != null) {
            adapter.update(new MessageRef(channel, existing), reply);
            return;
        }
        MessageRef ref = adapter.post(channel, reply);
        try (PreparedStatement ps = tx.prepareStatement(
                "insert into digest_messages (message_key, channel, message_id, sent_at) values (?, ?, ?, ?)")) {
            ps.setString(1, messageKey);
            ps.setString(2, channel.toString());
            ps.setString(3, ref.messageId());
            ps.setTimestamp(4, Timestamp.from(clock.instant()));
            ps.executeUpdate();
        }
    }
}
