package dev.caretaker.chat;

import dev.caretaker.config.Platform;
import dev.caretaker.store.StoreException;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Messages waiting for a chat platform, stored in PostgreSQL. Write them with {@link #enqueue(Connection, OutboxMessage)}
 * inside the transaction that changes the state they report, so both commit or neither does; the
 * {@link OutboxNotifier} delivers them after the commit.
 */
@Singleton
public class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final DataSource dataSource;
    // looked up on use: the adapters reach the dispatcher, whose button handlers write to this outbox
    private final BeanProvider<ChatAdapters> adapters;
    private final ReplyJson json = new ReplyJson();
    private final Set<Platform> reportedUnconfigured = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private long rings;

    public Outbox(DataSource dataSource, BeanProvider<ChatAdapters> adapters) {
        this.dataSource = dataSource;
        this.adapters = adapters;
    }

    /** Adds a message inside the caller's transaction; call {@link #wake()} after the commit for prompt delivery. */
    public void enqueue(Connection tx, OutboxMessage m) {
        enqueueAll(tx, List.of(m));
    }

    /** Adds several messages inside the caller's transaction. */
    public void enqueueAll(Connection tx, List<OutboxMessage> messages) {
        try (PreparedStatement insert = tx.prepareStatement(
                "insert into outbox (lane_id, thread_parent_key, reply) values (?, ?, ?::jsonb)")) {
            for (OutboxMessage m : messages) {
                if (adapters.get().forChannel(m.channel()).isEmpty()) {
                    reportUnconfigured(m.channel().platform(), 1);
                }
                insert.setLong(1, lane(tx, m));
                insert.setString(2, m.threadParentKey());
                insert.setString(3, json.write(m.reply()));
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new StoreException("could not add " + messages.size() + " message(s) to the outbox", e);
        }
    }

    /** Adds a message in its own transaction and wakes the notifier. */
    public void enqueue(OutboxMessage m) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                enqueue(c, m);
                c.commit();
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("could not add message " + m.messageKey() + " to the outbox", e);
        }
        wake();
    }

    private static long lane(Connection tx, OutboxMessage m) throws SQLException {
        // "do nothing" rather than "do update": a notifier may hold the lane locked while it talks to the platform
        try (PreparedStatement ps = tx.prepareStatement("""
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
        try (PreparedStatement ps = tx.prepareStatement(
                "select id from outbox_lanes where channel = ? and message_key = ?")) {
            ps.setString(1, m.channel().toString());
            ps.setString(2, m.messageKey());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Logs once per platform that messages wait for it because it is not configured. */
    void reportUnconfigured(Platform platform, long waiting) {
        if (reportedUnconfigured.add(platform)) {
            LOG.warn("{} message(s) wait for {}, which is not configured here; they are delivered once it is",
                    waiting, platform.id());
        }
    }

    /** Tells this replica's notifier that committed messages are waiting (others find them on their next poll). */
    public void wake() {
        lock.lock();
        try {
            rings++;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@link #wake()} is called or the timeout passes. */
    void awaitWork(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long seen = rings;
            long nanos = timeout.toNanos();
            while (rings == seen && nanos > 0) {
                nanos = work.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    ReplyJson json() {
        return json;
    }
}
