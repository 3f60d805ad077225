package dev.caretaker.store;

import dev.caretaker.config.ChannelAddress;
import jakarta.inject.Singleton;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code digest_runs}: which scheduled digests were posted. Claiming is one conditional insert on
 * (digest, scheduled instant) in the transaction that enqueues the message, so a digest is posted once whatever
 * the number of replicas or restarts.
 */
@Singleton
public class DigestRuns {

    private final Sql sql;

    DigestRuns(Sql sql) {
        this.sql = sql;
    }

    public boolean exists(String digest, Instant scheduledAt) {
        return ask("select 1 from digest_runs where digest = ? and scheduled_at = ?", digest, scheduledAt);
    }

    /** Whether the digest was ever posted before {@code before} (a first start does not post a late digest). */
    public boolean postedBefore(String digest, Instant before) {
        return ask("select 1 from digest_runs where digest = ? and scheduled_at < ? limit 1", digest, before);
    }

    /** Claims the run in the caller's transaction; false when it was claimed already. */
    public boolean claim(String digest, ChannelAddress channel, Instant scheduledAt, boolean late, Instant now,
                         String replica) {
        return sql.update("claim digest " + digest, """
                insert into digest_runs (digest, scheduled_at, channel, late, posted_at, replica) values (?, ?, ?, ?, ?, ?)
                on conflict (digest, scheduled_at) do nothing""", ps -> {
                    ps.setString(1, digest);
                    ps.setTimestamp(2, Timestamp.from(scheduledAt));
                    ps.setString(3, channel.toString());
                    ps.setBoolean(4, late);
                    ps.setTimestamp(5, Timestamp.from(now));
                    ps.setString(6, replica);
                }) == 1;
    }

    /** Which replica claimed and sent a run. */
    public Optional<String> replica(String digest, Instant scheduledAt) {
        return sql.first("read digest_runs for " + digest,
                "select replica from digest_runs where digest = ? and scheduled_at = ?", ps -> {
                    ps.setString(1, digest);
                    ps.setTimestamp(2, Timestamp.from(scheduledAt));
                }, rs -> rs.getString(1));
    }

    /** How many runs of a digest were posted (for tests and the status of the job). */
    public int count(String digest) {
        return sql.first("count digest runs of " + digest, "select count(*) from digest_runs where digest = ?",
                ps -> ps.setString(1, digest), rs -> rs.getInt(1)).orElse(0);
    }

    private boolean ask(String query, String digest, Instant at) {
        return sql.first("read digest_runs for " + digest, query, ps -> {
            ps.setString(1, digest);
            ps.setTimestamp(2, Timestamp.from(at));
        }, rs -> true).isPresent();
    }
}
