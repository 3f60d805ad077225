package dev.caretaker.chat;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platform;
import dev.caretaker.reply.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers the outbox on every replica with a few threads. Each thread locks one lane (one logical message in
 * one channel) with {@code FOR UPDATE SKIP LOCKED}, delivers the newest pending version (post the first time,
 * edit afterwards, or reply in the parent's thread) and records the platform's message id in the same
 * transaction. Retryable failures back off exponentially (capped) or wait the platform's {@code Retry-After};
 * permanent ones are logged and dropped. Messages for a platform that is not configured wait. Off with
 * {@code caretaker.outbox.deliver: false} (the one-shot {@code run} mode), leaving messages to the serving replicas.
 *
 * <p>A replica that dies after the platform took a post but before the commit leaves the row pending; the
 * next attempt posts again. That window is one HTTP call wide; every other retry edits in place.
 */
@Context
@Requires(property = "caretaker.outbox.deliver", notEquals = "false")
public class OutboxNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxNotifier.class);
    /** How long a thread reply waits for its parent to be posted before looking again. */
    private static final Duration PARENT_WAIT = Duration.ofMillis(250);
    private static final Duration HOUSEKEEPING_EVERY = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final Outbox outbox;
    private final ChatAdapters adapters;
    private final Duration poll;
    private final Duration backoffBase;
    private final Duration backoffCap;
    private final Duration keepDelivered;
    private final List<Thread> workers = new ArrayList<>();
    private final Counter delivered;
    private final Counter retried;
    private final Counter failed;
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean running = true;
    private volatile long nextHousekeeping;

    public OutboxNotifier(DataSource dataSource, Outbox outbox, ChatAdapters adapters, MeterRegistry meters,
                          @Value("${caretaker.outbox.threads:3}") int threads,
                          @Value("${caretaker.outbox.poll:250ms}") Duration poll,
                          @Value("${caretaker.outbox.backoff-base:1s}") Duration backoffBase,
                          @Value("${caretaker.outbox.backoff-cap:5m}") Duration backoffCap,
                          @Value("${caretaker.outbox.keep-delivered:7d}") Duration keepDelivered) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.adapters = adapters;
        this.poll = poll;
        this.backoffBase = backoffBase;
        this.backoffCap = backoffCap;
        this.keepDelivered = keepDelivered;
        this.nextHousekeeping = System.nanoTime();
        // what an on-call person graphs: messages waiting (refreshed every housekeeping round), and what became of them
        this.delivered = Counter.builder("caretaker.outbox.delivered").description("Messages delivered to chat")
                .register(meters);
        this.retried = Counter.builder("caretaker.outbox.retries").description("Deliveries to try again later")
                .register(meters);
        this.failed = Counter.builder("caretaker.outbox.failed").description("Messages a platform refused for good")
                .register(meters);
        Gauge.builder("caretaker.outbox.pending", pending, AtomicLong::get)
                .description("Messages waiting for delivery (all replicas)").register(meters);
        for (int i = 0; i < Math.max(1, threads); i++) {
            Thread t = new Thread(this::loop, "caretaker-outbox-" + (i + 1));
            t.setDaemon(true);
            workers.add(t);
        }
        workers.forEach(Thread::start);
    }

    private void loop() {
        while (running) {
            try {
                housekeeping();
                if (!deliverOne()) {
                    outbox.awaitWork(poll);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | SQLException e) {
                // the database is away or a bug: wait a poll and try again, never stop delivering
                LOG.warn("Outbox delivery failed, retrying: {}", e.toString());
                try {
                    outbox.awaitWork(poll.multipliedBy(4));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Delivers the newest pending message of one lane; false when nothing was due. */
    boolean deliverOne() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<Lane> claimed = claim(c);
                if (claimed.isEmpty()) {
                    c.rollback();
                    return false;
                }
                deliver(c, claimed.get());
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Optional<Lane> claim(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select l.id, l.channel, l.message_key, l.message_id, l.attempts from outbox_lanes l
                where l.id in (select o.lane_id from outbox o join outbox_lanes x on x.id = o.lane_id
                               where o.status = 'pending' and (x.retry_at is null or x.retry_at <= now())
                                 and split_part(x.channel, ':', 1) = any(?)
                               group by o.lane_id order by min(o.id) limit 64)
                  and (l.retry_at is null or l.retry_at <= now())
                order by l.id
                for update of l skip locked
                limit 1""")) {
            Array platforms = c.createArrayOf("text", configuredPlatforms().toArray());
            ps.setArray(1, platforms);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Optional<ChannelAddress> channel = ChannelAddress.parse(rs.getString("channel"));
                if (channel.isEmpty()) {
                    // written by hand or by an older version; nothing can deliver it
                    failAll(c, rs.getLong("id"), "unreadable channel address " + rs.getString("channel"));
                    return Optional.empty();
                }
                return Optional.of(new Lane(rs.getLong("id"), channel.get(), rs.getString("message_key"),
                        rs.getString("message_id"), rs.getInt("attempts")));
            }
        }
    }

    private List<String> configuredPlatforms() {
        return adapters.live().stream().map(Platform::id).sorted().toList();
    }

    private void deliver(Connection c, Lane lane) throws SQLException {
        List<Pending> rows = pending(c, lane.id());
        if (rows.isEmpty()) {
            return;
        }
        Pending newest = rows.get(rows.size() - 1);
        Reply reply;
        try {
            reply = outbox.json().read(newest.replyJson());
        } catch (RuntimeException e) {
            LOG.error("Outbox message {} in {} cannot be read and is dropped", lane.key(), lane.channel(), e);
            finish(c, lane, newest.id(), "failed", e.getMessage());
            return;
        }
        ChatAdapter adapter = adapters.forChannel(lane.channel()).orElseThrow();
        try {
            MessageRef posted = null;
            if (lane.messageId() != null) {
                adapter.update(new MessageRef(lane.channel(), lane.messageId()), reply);
            } else if (newest.threadParentKey() != null) {
                Parent parent = parent(c, lane.channel(), newest.threadParentKey());
                if (parent.messageId() != null) {
                    posted = adapter.replyInThread(new MessageRef(lane.channel(), parent.messageId()), reply);
                } else if (parent.pending()) {
                    // the parent is not posted yet; it goes first so the reply has a thread to go to
                    retryLater(c, lane, PARENT_WAIT, lane.attempts(), null);
                    return;
                } else {
                    posted = adapter.post(lane.channel(), reply);
                }
            } else {
                posted = adapter.post(lane.channel(), reply);
            }
            delivered(c, lane, newest.id(), posted);
            delivered.increment();
            if (lane.attempts() > 0) {
                LOG.info("Delivered {} to {} after {} failed attempt(s)", lane.key(), lane.channel(), lane.attempts());
            }
        } catch (DeliveryException e) {
            if (e.permanent()) {
                LOG.warn("{} refused {} permanently, giving up: {}", lane.channel(), lane.key(), e.getMessage());
                finish(c, lane, newest.id(), "failed", e.getMessage());
                failed.increment();
                return;
            }
            retried.increment();
            int attempts = lane.attempts() + 1;
            Duration wait = e.retryAfter().orElseGet(() -> backoff(attempts));
            LOG.info("{} did not take {} (attempt {}), retrying in {}: {}", lane.channel(), lane.key(), attempts,
                    wait, e.getMessage());
            retryLater(c, lane, wait, attempts, e.getMessage());
        } catch (RuntimeException e) {
            int attempts = lane.attempts() + 1;
            retried.increment();
            LOG.warn("Delivering {} to {} failed unexpectedly (attempt {})", lane.key(), lane.channel(), attempts, e);
            retryLater(c, lane, backoff(attempts), attempts, e.toString());
        }
    }

    /** base × 2^(attempt−1), capped. */
    Duration backoff(int attempt) {
        int shift = Math.min(30, Math.max(0, attempt - 1));
        long millis = backoffBase.toMillis() << shift;
        return millis <= 0 || millis > backoffCap.toMillis() ? backoffCap : Duration.ofMillis(millis);
    }

    private static List<Pending> pending(Connection c, long laneId) throws SQLException {
        List<Pending> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select id, thread_parent_key, reply::text from outbox where lane_id = ? and status = 'pending' order by id")) {
            ps.setLong(1, laneId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pending(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    private static Parent parent(Connection c, ChannelAddress channel, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select l.message_id, exists (select 1 from outbox o where o.lane_id = l.id and o.status = 'pending')
                from outbox_lanes l where l.channel = ? and l.message_key = ?""")) {
            ps.setString(1, channel.toString());
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Parent(rs.getString(1), rs.getBoolean(2)) : new Parent(null, false);
            }
        }
    }

    private static void delivered(Connection c, Lane lane, long newestId, MessageRef posted) throws SQLException {
        markRows(c, lane.id(), newestId, "delivered", null);
        try (PreparedStatement ps = c.prepareStatement("""
                update outbox_lanes set message_id = coalesce(?, message_id), attempts = 0, retry_at = null,
                       last_error = null, posted_at = coalesce(posted_at, now()), updated_at = now()
                where id = ?""")) {
            ps.setString(1, posted == null ? null : posted.messageId());
            ps.setLong(2, lane.id());
            ps.executeUpdate();
        }
    }

    private static void finish(Connection c, Lane lane, long newestId, String status, String error) throws SQLException {
        markRows(c, lane.id(), newestId, status, error);
        try (PreparedStatement ps = c.prepareStatement(
                "update outbox_lanes set attempts = 0, retry_at = null, last_error = ? where id = ?")) {
            ps.setString(1, error);
            ps.setLong(2, lane.id());
            ps.executeUpdate();
        }
    }

    private static void failAll(Connection c, long laneId, String error) throws SQLException {
        markRows(c, laneId, Long.MAX_VALUE, "failed", error);
    }

    /** The newest row gets {@code status}; older pending rows of the lane were superseded by it. */
    private static void markRows(Connection c, long laneId, long newestId, String status, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update outbox set status = case when id = ? then ? else 'superseded' end,
                       delivered_at = case when id = ? and ? = 'delivered' then now() end, error = ?
                where lane_id = ? and status = 'pending' and id <= ?""")) {
            ps.setLong(1, newestId);
            ps.setString(2, status);
            ps.setLong(3, newestId);
            ps.setString(4, status);
            ps.setString(5, error);
            ps.setLong(6, laneId);
            ps.setLong(7, newestId);
            ps.executeUpdate();
        }
    }

    private static void retryLater(Connection c, Lane lane, Duration wait, int attempts, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update outbox_lanes set attempts = ?, retry_at = now() + ? * interval '1 millisecond',
                       last_error = coalesce(?, last_error) where id = ?""")) {
            ps.setInt(1, attempts);
            ps.setLong(2, Math.max(0, wait.toMillis()));
            ps.setString(3, error);
            ps.setLong(4, lane.id());
            ps.executeUpdate();
        }
    }

    /** Now and then: say once which platforms have messages waiting without an adapter; drop old delivered rows. */
    private void housekeeping() throws SQLException {
        long now = System.nanoTime();
        if (now - nextHousekeeping < 0) {
            return;
        }
        synchronized (this) {
            if (now - nextHousekeeping < 0) {
                return;
            }
            nextHousekeeping = now + HOUSEKEEPING_EVERY.toNanos();
        }
        List<String> configured = configuredPlatforms();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    select split_part(l.channel, ':', 1), count(*) from outbox o join outbox_lanes l on l.id = o.lane_id
                    where o.status = 'pending' group by 1""");
                 ResultSet rs = ps.executeQuery()) {
                long waiting = 0;
                while (rs.next()) {
                    waiting += rs.getLong(2);
                    String platform = rs.getString(1);
                    if (!configured.contains(platform)) {
                        Platform.fromId(platform).ifPresent(p -> outbox.reportUnconfigured(p, count(rs)));
                    }
                }
                pending.set(waiting);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "delete from outbox where status <> 'pending' and created_at < now() - ? * interval '1 second'")) {
                ps.setLong(1, keepDelivered.toSeconds());
                ps.executeUpdate();
            }
        }
    }

    private static long count(ResultSet rs) {
        try {
            return rs.getLong(2);
        } catch (SQLException e) {
            return 0;
        }
    }

    @PreDestroy
    @Override
    public void close() {
        running = false;
        outbox.wake();
        for (Thread t : workers) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        workers.forEach(Thread::interrupt);
    }

    private record Lane(long id, ChannelAddress channel, String key, String messageId, int attempts) {
    }

    private record Pending(long id, String threadParentKey, String replyJson) {
    }

    private record Parent(String messageId, boolean pending) {
    }
}
