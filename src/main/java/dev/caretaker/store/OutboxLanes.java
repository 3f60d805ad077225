package dev.caretaker.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.reply.Reply;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The delivery side of the outbox: lanes (one logical message in one channel) are claimed for a lease in one short
 * transaction, delivered by the caller with no transaction open, and their outcome is recorded in a second short one.
 * At most one lane per channel is claimed at a time, over all replicas, so a slow channel holds up only itself.
 */
@Singleton
public class OutboxLanes {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxLanes.class);

    /** How long a thread reply waits for its parent to be posted before it is looked at again. */
    static final Duration PARENT_WAIT = Duration.ofMillis(250);

    /**
     * A claimed lane and the newest pending version of its message. {@code messageId} set: edit that message;
     * else {@code parentMessageId} set: reply in that thread; else post. {@code reply} is null when the stored JSON
     * could not be read ({@code unreadable} says why).
     */
    public record Claim(long laneId, String token, ChannelAddress channel, String messageKey, String messageId,
                        int attempts, long rowId, String parentMessageId, Reply reply, String unreadable) {
    }

    // One candidate lane per channel (the one waiting longest), only where no lane of the channel is claimed, the
    // lane is due, the platform is live here, the channel is not paused, and (for new messages) its pace allows.
    private static final String CANDIDATES = """
            select l.id, l.channel, l.message_key, l.message_id, l.attempts
            from outbox_lanes l
            join (select distinct on (x.channel) x.id as lane_id, p.first_row
                  from (select lane_id, min(id) as first_row from outbox where status = 'pending' group by lane_id) p
                  join outbox_lanes x on x.id = p.lane_id
                  left join outbox_channels ch on ch.channel = x.channel
                  where (x.retry_at is null or x.retry_at <= now())
                    and (x.claimed_until is null or x.claimed_until <= now())
                    and split_part(x.channel, ':', 1) = any(?)
                    and (ch.paused_until is null or ch.paused_until <= now())
                    and (x.message_id is not null or ch.next_post_at is null or ch.next_post_at <= now())
                    and not exists (select 1 from outbox_lanes y where y.channel = x.channel and y.claimed_until > now())
                  order by x.channel, p.first_row) c on c.lane_id = l.id
            where (l.retry_at is null or l.retry_at <= now()) and (l.claimed_until is null or l.claimed_until <= now())
            order by c.first_row
            limit ?
            for update of l skip locked""";

    private final Sql sql;
    private final TransactionOperations<Connection> tx;
    private final ObjectMapper json;

    OutboxLanes(Sql sql, TransactionOperations<Connection> tx, ObjectMapper json) {
        this.sql = sql;
        this.tx = tx;
        this.json = json;
    }

    /**
     * Claims up to {@code limit} lanes of the given platforms for {@code lease}, in one transaction. A lane that posts
     * a new message takes its channel's next slot ({@code pace} after this one), so two replicas never post into one
     * channel closer together than its platform allows.
     */
    public List<Claim> claim(Collection<String> platforms, int limit, Duration lease,
                             Function<ChannelAddress, Duration> pace) {
        if (platforms.isEmpty() || limit <= 0) {
            return List.of();
        }
        return tx.executeWrite(status -> sql.run("claim outbox lanes", c -> claim(c, platforms, limit, lease, pace)));
    }

    private record Candidate(long id, String channel, String key, String messageId, int attempts) {
    }

    private List<Claim> claim(Connection c, Collection<String> platforms, int limit, Duration lease,
                              Function<ChannelAddress, Duration> pace) throws SQLException {
        List<Candidate> candidates = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(CANDIDATES)) {
            ps.setArray(1, c.createArrayOf("text", platforms.toArray()));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    candidates.add(new Candidate(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5)));
                }
            }
        }
        List<Claim> out = new ArrayList<>();
        for (Candidate cand : candidates) {
            Optional<ChannelAddress> channel = ChannelAddress.parse(cand.channel());
            if (channel.isEmpty()) {
                // written by hand or by an older version; nothing can deliver it
                LOG.error("Outbox lane {} has an unreadable channel address `{}`; its messages are dropped",
                        cand.key(), cand.channel());
                markRows(c, cand.id(), Long.MAX_VALUE, "failed", "unreadable channel address " + cand.channel());
                continue;
            }
            Newest newest = newest(c, cand.id());
            if (newest == null) {
                continue;
            }
            String parentId = null;
            if (cand.messageId() == null && newest.threadParentKey() != null) {
                Parent parent = parent(c, cand.channel(), newest.threadParentKey());
                if (parent.messageId() == null && parent.pending()) {
                    // the parent goes first, so the reply has a thread to go to
                    retryAt(c, cand.id(), PARENT_WAIT, cand.attempts(), null);
                    continue;
                }
                parentId = parent.messageId();
            }
            if (cand.messageId() == null && !takePostSlot(c, cand.channel(), pace.apply(channel.get()))) {
                continue;
            }
            String token = UUID.randomUUID().toString();
            try (PreparedStatement ps = c.prepareStatement("""
                    update outbox_lanes set claimed_until = now() + ? * interval '1 millisecond', claim_token = ?
                    where id = ?""")) {
                ps.setLong(1, lease.toMillis());
                ps.setString(2, token);
                ps.setLong(3, cand.id());
                ps.executeUpdate();
            }
            Reply reply = null;
            String unreadable = null;
            try {
                reply = json.readValue(newest.replyJson(), Reply.class);
            } catch (Exception e) {
                unreadable = e.getMessage();
            }
            out.add(new Claim(cand.id(), token, channel.get(), cand.key(), cand.messageId(), cand.attempts(),
                    newest.id(), parentId, reply, unreadable));
        }
        return out;
    }

    private record Newest(long id, String threadParentKey, String replyJson) {
    }

    private static Newest newest(Connection c, long laneId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select id, thread_parent_key, reply::text from outbox
                where lane_id = ? and status = 'pending' order by id desc limit 1""")) {
            ps.setLong(1, laneId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Newest(rs.getLong(1), rs.getString(2), rs.getString(3)) : null;
            }
        }
    }

    private record Parent(String messageId, boolean pending) {
    }

    private static Parent parent(Connection c, String channel, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select l.message_id, exists (select 1 from outbox o where o.lane_id = l.id and o.status = 'pending')
                from outbox_lanes l where l.channel = ? and l.message_key = ?""")) {
            ps.setString(1, channel);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Parent(rs.getString(1), rs.getBoolean(2)) : new Parent(null, false);
            }
        }
    }

    /** Takes the channel's next slot for a new message; false when another claim took it first. */
    private static boolean takePostSlot(Connection c, String channel, Duration pace) throws SQLException {
        if (pace.isZero() || pace.isNegative()) {
            return true;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "insert into outbox_channels (channel) values (?) on conflict (channel) do nothing")) {
            ps.setString(1, channel);
            ps.executeUpdate();
        }
        // read committed re-checks the condition after waiting for a concurrent claim's row lock
        try (PreparedStatement ps = c.prepareStatement("""
                update outbox_channels set next_post_at = now() + ? * interval '1 millisecond'
                where channel = ? and (next_post_at is null or next_post_at <= now())""")) {
            ps.setLong(1, pace.toMillis());
            ps.setString(2, channel);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Records that the platform took the claimed version: it and older pending versions are done, and a new
     * message's id is kept so later versions edit it. False when the claim had run out and another replica took the
     * lane over (it then delivers again and records the outcome itself).
     */
    public boolean delivered(Claim claim, String postedMessageId) {
        return tx.executeWrite(status -> sql.run("record the delivery of " + claim.messageKey(), c -> {
            if (release(c, claim, """
                    update outbox_lanes set message_id = coalesce(?, message_id), attempts = 0, retry_at = null,
                           last_error = null, posted_at = coalesce(posted_at, now()), updated_at = now(),
                           claimed_until = null, claim_token = null
                    where id = ? and claim_token = ?""", 1, ps -> ps.setString(1, postedMessageId)) == 0) {
                return false;
            }
            markRows(c, claim.laneId(), claim.rowId(), "delivered", null);
            return true;
        }));
    }

    /** Records a failure worth retrying: the lane waits {@code wait}; {@code pauseChannel} holds its whole channel too. */
    public boolean retryLater(Claim claim, Duration wait, int attempts, String error, boolean pauseChannel) {
        return tx.executeWrite(status -> sql.run("reschedule " + claim.messageKey(), c -> {
            if (pauseChannel) {
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into outbox_channels (channel, paused_until) values (?, now() + ? * interval '1 millisecond')
                        on conflict (channel) do update set paused_until =
                            greatest(coalesce(outbox_channels.paused_until, now()), excluded.paused_until)""")) {
                    ps.setString(1, claim.channel().toString());
                    ps.setLong(2, Math.max(0, wait.toMillis()));
                    ps.executeUpdate();
                }
            }
            return release(c, claim, """
                    update outbox_lanes set attempts = ?, retry_at = now() + ? * interval '1 millisecond',
                           last_error = coalesce(?, last_error), claimed_until = null, claim_token = null
                    where id = ? and claim_token = ?""", 3, ps -> {
                ps.setInt(1, attempts);
                ps.setLong(2, Math.max(0, wait.toMillis()));
                ps.setString(3, error);
            }) == 1;
        }));
    }

    /** Records that retrying cannot help: the claimed version (and older ones) are marked failed. */
    public boolean failed(Claim claim, String error) {
        return tx.executeWrite(status -> sql.run("give up " + claim.messageKey(), c -> {
            if (release(c, claim, """
                    update outbox_lanes set attempts = 0, retry_at = null, last_error = ?, claimed_until = null,
                           claim_token = null
                    where id = ? and claim_token = ?""", 1, ps -> ps.setString(1, error)) == 0) {
                return false;
            }
            markRows(c, claim.laneId(), claim.rowId(), "failed", error);
            return true;
        }));
    }

    /** Runs a lane update: {@code leading} parameters bound by {@code first}, then the lane id and the claim token. */
    private static int release(Connection c, Claim claim, String update, int leading, Sql.Binder first)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(update)) {
            first.bind(ps);
            ps.setLong(leading + 1, claim.laneId());
            ps.setString(leading + 2, claim.token());
            return ps.executeUpdate();
        }
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

    private static void retryAt(Connection c, long laneId, Duration wait, int attempts, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update outbox_lanes set attempts = ?, retry_at = now() + ? * interval '1 millisecond',
                       last_error = coalesce(?, last_error) where id = ?""")) {
            ps.setInt(1, attempts);
            ps.setLong(2, Math.max(0, wait.toMillis()));
            ps.setString(3, error);
            ps.setLong(4, laneId);
            ps.executeUpdate();
        }
    }

    /** Messages waiting, by platform id ({@code slack}, {@code discord}, ...). */
    public Map<String, Long> pendingByPlatform() {
        Map<String, Long> out = new LinkedHashMap<>();
        sql.list("count pending outbox messages", """
                select split_part(l.channel, ':', 1), count(*) from outbox o join outbox_lanes l on l.id = o.lane_id
                where o.status = 'pending' group by 1 order by 1""", ps -> { }, rs -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** How long the oldest message still waiting has waited (zero when none waits), for the dashboard. */
    public Duration oldestPendingAge() {
        return sql.first("age of the oldest pending outbox message", """
                select coalesce(extract(epoch from now() - min(created_at)), 0) from outbox where status = 'pending'""",
                ps -> { }, rs -> Duration.ofMillis(Math.round(rs.getDouble(1) * 1000))).orElse(Duration.ZERO);
    }

    /** Deletes delivered, superseded and failed versions older than {@code keep}; answers how many. */
    public int deleteFinishedOlderThan(Duration keep) {
        return sql.update("delete old outbox rows",
                "delete from outbox where status <> 'pending' and created_at < now() - ? * interval '1 second'",
                ps -> ps.setLong(1, keep.toSeconds()));
    }
}
