package dev.caretaker.store;

import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Probe results in PostgreSQL: written by the probe scheduler, read by rules, commands and the digest. */
@Singleton
public class ProbeResultStore {

    private final Sql sql;

    ProbeResultStore(Sql sql) {
        this.sql = sql;
    }

    public void record(ProbeRow result) {
        recordAll(List.of(result));
    }

    public void recordAll(List<ProbeRow> results) {
        if (results.isEmpty()) {
            return;
        }
        sql.run("record " + results.size() + " probe result(s)", c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into probe_results "
                    + "(target, probe, status, value, unit, detail, latency_ms, at) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (ProbeRow r : results) {
                ps.setString(1, r.target());
                ps.setString(2, r.probe());
                ps.setString(3, r.status());
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
            }
            return null;
        });
    }

    /** All results from {@code from} on, oldest first. */
    public List<ProbeRow> since(Instant from) {
        return query("select * from probe_results where at >= ? order by at, id", ps -> ps.setTimestamp(1, Timestamp.from(from)));
    }

    /** One target's results (all its probes) in {@code [from, to)}, oldest first. */
    public List<ProbeRow> between(String target, Instant from, Instant to) {
        return query("select * from probe_results where target = ? and at >= ? and at < ? order by at, id", ps -> {
            ps.setString(1, target);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
        });
    }

    /** The newest {@code limit} results of one probe of one target, newest first. */
    public List<ProbeRow> latest(String target, String probe, int limit) {
        return query("select * from probe_results where target = ? and probe = ? order by at desc, id desc limit ?", ps -> {
            ps.setString(1, target);
            ps.setString(2, probe);
            ps.setInt(3, limit);
        });
    }

    /** Removes results older than {@code before}; answers how many. */
    public int deleteBefore(Instant before) {
        return sql.update("remove old probe results", "delete from probe_results where at < ?",
                ps -> ps.setTimestamp(1, Timestamp.from(before)));
    }

    private List<ProbeRow> query(String query, Sql.Binder binder) {
        return sql.list("read probe results", query, binder, rs -> {
            double v = rs.getDouble("value");
            Double value = rs.wasNull() ? null : v;
            return new ProbeRow(rs.getString("target"), rs.getString("probe"), rs.getString("status"), value,
                    rs.getString("unit"), rs.getString("detail"), Duration.ofMillis(rs.getLong("latency_ms")),
                    rs.getTimestamp("at").toInstant());
        });
    }
}
