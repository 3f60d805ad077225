package dev.caretaker.store;

import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Probe results in PostgreSQL: written by the probe scheduler, read by rules, commands and the digest. */
@Singleton
public class ProbeResultStore {

    private final DataSource dataSource;

    public ProbeResultStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void record(ProbeResult result) {
        recordAll(List.of(result));
    }

    public void recordAll(List<ProbeResult> results) {
        if (results.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into probe_results (target, probe, status, value, unit, detail, latency_ms, at) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ProbeResult r : results) {
                ps.setString(1, r.target());
                ps.setString(2, r.probe());
                ps.setString(3, r.status().name());
                if (r.value() == null || r.value().isNaN() || r.value().isInfinite()) {
                    ps.setNull(4, Types.DOUBLE);
                } else {
                    ps.setDouble(4, r.value());
                }
                ps.setString(5, r.unit());
                ps.setString(6, r.detail());
                ps.setLong(7, r.latency().toMillis());
                ps.setTimestamp(8, Timestamp.from(r.at()));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new StoreException("could not record " + results.size() + " probe result(s)", e);
        }
    }

    /** All results from {@code from} on, oldest first. */
    public List<ProbeResult> since(Instant from) {
        return query("select * from probe_results where at >= ? order by at, id", ps -> ps.setTimestamp(1, Timestamp.from(from)));
    }

    /** One target's results (all its probes) in {@code [from, to)}, oldest first. */
    public List<ProbeResult> between(String target, Instant from, Instant to) {
        return query("select * from probe_results where target = ? and at >= ? and at < ? order by at, id", ps -> {
            ps.setString(1, target);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
        });
    }

    /** The newest {@code limit} results of one probe of one target, newest first. */
    public List<ProbeResult> latest(String target, String probe, int limit) {
        return query("select * from probe_results where target = ? and probe = ? order by at desc, id desc limit ?", ps -> {
            ps.setString(1, target);
            ps.setString(2, probe);
            ps.setInt(3, limit);
        });
    }

    /** Removes results older than {@code before}; answers how many. */
    public int deleteBefore(Instant before) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("delete from probe_results where at < ?")) {
            ps.setTimestamp(1, Timestamp.from(before));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not remove old probe results", e);
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<ProbeResult> query(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<ProbeResult> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double v = rs.getDouble("value");
                    Double value = rs.wasNull() ? null : v;
                    out.add(new ProbeResult(rs.getString("target"), rs.getString("probe"),
                            ProbeStatus.valueOf(rs.getString("status")), value, rs.getString("unit"),
                            rs.getString("detail"), Duration.ofMillis(rs.getLong("latency_ms")),
                            rs.getTimestamp("at").toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("could not read probe results", e);
        }
    }
}
