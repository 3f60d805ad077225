package dev.caretaker.digest;

import dev.caretaker.store.StoreException;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * {@code digest_runs}: which scheduled digests were posted. Claiming is one conditional insert on
 * (digest, scheduled instant) in the transaction that sends the message, so a digest is posted once whatever
 * the number of replicas or restarts.
 */
@Singleton
public class DigestRuns {

    private final DataSource dataSource;

    public DigestRuns(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    public boolean exists(String digest, Instant scheduledAt) {
        return ask("select 1 from digest_runs where digest = ? and scheduled_at = ?", digest, scheduledAt);
    }

    /** Whether the digest was ever posted before {@code before} (a first start does not post a late digest). */
    public boolean postedBefore(String digest, Instant before) {
        return ask("select 1 from digest_runs where digest = ? and scheduled_at < ? limit 1", digest, before);
    }

    /** Claims the run on {@code tx}; false when it was claimed already. */
    public boolean claim(Connection tx, DigestSpec spec, Instant scheduledAt, boolean late, Instant now, String replica)
            throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("""
                insert into digest_runs (digest, scheduled_at, channel, late, posted_at, replica) values (?, ?, ?, ?, ?, ?)
                on conflict (digest, scheduled_at) do nothing""")) {
            ps.setString(1, spec.name());
            ps.setTimestamp(2, Timestamp.from(scheduledAt));
            ps.setString(3, spec.channel().toString());
            ps.setBoolean(4, late);
            ps.setTimestamp(5, Timestamp.from(now));
            ps.setString(6, replica);
            return ps.executeUpdate() == 1;
        }
    }

    /** Which replica claimed and sent a run. */
    public java.util.Optional<String> replica(String digest, Instant scheduledAt) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select replica from digest_runs where digest = ? and scheduled_at = ?")) {
            ps.setString(1, digest);
            ps.setTimestamp(2, Timestamp.from(scheduledAt));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read digest_runs for " + digest, e);
        }
    }

    /** How many runs of a digest were posted (for tests and the status of the job). */
    public int count(String digest) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from digest_runs where digest = ?")) {
            ps.setString(1, digest);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new StoreException("could not count digest runs of " + digest, e);
        }
    }

    private boolean ask(String sql, String digest, Instant at) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, digest);
            ps.setTimestamp(2, Timestamp.from(at));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read digest_runs for " + digest, e);
        }
    }
}
