package dev.caretaker.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Messages waiting for a chat platform, written to PostgreSQL. Enqueue inside the transaction that changes the state
 * they report ({@link Transactions#inTransaction}), so both commit or neither does; outside one, the messages get a
 * transaction of their own. The writer knows nothing of the platforms: an {@link OutboxWritten} event, published once
 * the transaction has committed (never after a rollback), wakes the notifier, which delivers them.
 */
@Singleton
public class Outbox {

    private final Sql sql;
    private final TransactionOperations<Connection> tx;
    private final ObjectMapper json;
    private final ApplicationEventPublisher<OutboxWritten> events;

    Outbox(Sql sql, TransactionOperations<Connection> tx, ObjectMapper json, ApplicationEventPublisher<OutboxWritten> events) {
        this.sql = sql;
        this.tx = tx;
        this.json = json;
        this.events = events;
    }

    /** Adds a message in the caller's transaction (or in one of its own). */
    public void enqueue(OutboxMessage m) {
        enqueueAll(List.of(m));
    }

    /** Adds several messages in the caller's transaction (or in one of their own). */
    public void enqueueAll(List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        tx.executeWrite(status -> sql.run("add " + messages.size() + " message(s) to the outbox", c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "insert into outbox (lane_id, thread_parent_key, reply) values (?, ?, ?::jsonb)")) {
                for (OutboxMessage m : messages) {
                    insert.setLong(1, lane(c, m));
                    insert.setString(2, m.threadParentKey());
                    insert.setString(3, write(m));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            status.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    events.publishEvent(new OutboxWritten(messages.size()));
                }
            });
            return null;
        }));
    }

    private String write(OutboxMessage m) {
        try {
            return json.writeValueAsString(m.reply());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the reply of " + m.messageKey() + " does not serialise", e);
        }
    }

    private static long lane(Connection c, OutboxMessage m) throws SQLException {
        // "do nothing" rather than "do update": no row lock is taken where a claim may hold one for a moment
        try (PreparedStatement ps = c.prepareStatement("""
                insert into outbox_lanes (channel, message_key) values (?, ?)
                on conflict (channel, message_key) do nothing returning id""")) {
            ps.setString(1, m.channel().toString());
            ps.setString(2, m.messageKey());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("select id from outbox_lanes where channel = ? and message_key = ?")) {
            ps.setString(1, m.channel().toString());
            ps.setString(2, m.messageKey());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
