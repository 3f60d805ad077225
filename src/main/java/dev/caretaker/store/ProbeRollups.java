package dev.caretaker.store;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Probe history downsampled to hourly buckets in {@code probe_rollups}: each result is folded into its hour as it
 * arrives (one upsert per target, probe and hour), so trends over a day or a week read a few rows instead of every
 * raw result. Buckets older than the retention (30 days) are pruned by {@link #prune}.
 */
@Singleton
public class ProbeRollups {

    /** One hour of one probe. {@code mean} is of the values, {@code meanLatency} of the check durations. */
    public record Bucket(String target, String probe, Instant hour, int samples, Double mean, Double max,
                         double meanLatencyMs, long maxLatencyMs, int warnings, int criticals) {
    }

    /** Averages of one probe over two earlier windows, for "vs yesterday" and "vs 7 days". */
    public record Baseline(Double yesterday, Double week) {
    }

    /** The columns of a bucket, in the order every insert into {@code probe_rollups} gives them. */
    static final String COLUMNS = "insert into probe_rollups (target, probe, hour, unit, samples, value_count, value_sum, "
            + "value_min, value_max, latency_sum_ms, latency_max_ms, warn_count, critical_count) ";

    /** Adds an incoming bucket to the one already there: sums add, minimum and maximum widen. */
    static final String ADD_TO_EXISTING = """
            on conflict (target, probe, hour) do update set
                unit = excluded.unit,
                samples = probe_rollups.samples + excluded.samples,
                value_count = probe_rollups.value_count + excluded.value_count,
                value_sum = probe_rollups.value_sum + excluded.value_sum,
                value_min = least(probe_rollups.value_min, excluded.value_min),
                value_max = greatest(probe_rollups.value_max, excluded.value_max),
                latency_sum_ms = probe_rollups.latency_sum_ms + excluded.latency_sum_ms,
                latency_max_ms = greatest(probe_rollups.latency_max_ms, excluded.latency_max_ms),
                warn_count = probe_rollups.warn_count + excluded.warn_count,
                critical_count = probe_rollups.critical_count + excluded.critical_count""";

    private static final String UPSERT = COLUMNS + "values (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?) " + ADD_TO_EXISTING;

    private final Sql sql;
    private final TransactionOperations<Connection> tx;

    ProbeRollups(Sql sql, TransactionOperations<Connection> tx) {
        this.sql = sql;
        this.tx = tx;
    }

    /** Folds results into their hourly buckets, in one transaction. */
    public void add(List<ProbeRow> results) {
        if (results.isEmpty()) {
            return;
        }
        // the same key order in every transaction, so two writers wait for each other instead of deadlocking
        List<ProbeRow> sorted = new ArrayList<>(results);
        sorted.sort(java.util.Comparator.comparing(ProbeRow::target).thenComparing(ProbeRow::probe)
                .thenComparing(ProbeRow::at));
        tx.executeWrite(status -> sql.run("record " + results.size() + " probe results in probe_rollups", c -> {
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                for (ProbeRow r : sorted) {
                    ps.setString(1, r.target());
                    ps.setString(2, r.probe());
                    ps.setTimestamp(3, Timestamp.from(r.at().truncatedTo(ChronoUnit.HOURS)));
                    ps.setString(4, r.unit());
                    ps.setInt(5, r.value() == null ? 0 : 1);
                    ps.setDouble(6, r.value() == null ? 0 : r.value());
                    ps.setObject(7, r.value());
                    ps.setObject(8, r.value());
                    ps.setLong(9, r.latency().toMillis());
                    ps.setLong(10, r.latency().toMillis());
                    ps.setInt(11, r.warn() ? 1 : 0);
                    ps.setInt(12, r.critical() ? 1 : 0);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        }));
    }

    /** Hourly buckets of one probe kind for every target, oldest first, keyed by target. */
    public Map<String, List<Bucket>> hourly(String probe, Instant from, Instant to) {
        Map<String, List<Bucket>> out = new LinkedHashMap<>();
        sql.list("read probe_rollups for " + probe, """
                select target, probe, hour, samples, value_sum / nullif(value_count, 0), value_max,
                       latency_sum_ms::float8 / samples, latency_max_ms, warn_count, critical_count
                from probe_rollups where probe = ? and hour >= ? and hour < ? order by target, hour""", ps -> {
                    ps.setString(1, probe);
                    ps.setTimestamp(2, Timestamp.from(from.truncatedTo(ChronoUnit.HOURS)));
                    ps.setTimestamp(3, Timestamp.from(to));
                }, rs -> new Bucket(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getInt(4),
                        (Double) rs.getObject(5), (Double) rs.getObject(6), rs.getDouble(7), rs.getLong(8),
                        rs.getInt(9), rs.getInt(10)))
                .forEach(b -> out.computeIfAbsent(b.target(), k -> new ArrayList<>()).add(b));
        return out;
    }

    /**
     * For every target of one probe kind: the mean value in the same hour one day before {@code at}, and the mean
     * over the seven days before {@code at}'s hour. One query, whatever the number of targets.
     */
    public Map<String, Baseline> baselines(String probe, Instant at) {
        Instant hour = at.truncatedTo(ChronoUnit.HOURS);
        Instant dayAgo = hour.minus(Duration.ofDays(1));
        Map<String, Baseline> out = new HashMap<>();
        sql.list("read probe baselines for " + probe, """
                select target,
                       sum(value_sum) filter (where hour = ?) / nullif(sum(value_count) filter (where hour = ?), 0),
                       sum(value_sum) / nullif(sum(value_count), 0)
                from probe_rollups where probe = ? and hour >= ? and hour < ? group by target""", ps -> {
                    ps.setTimestamp(1, Timestamp.from(dayAgo));
                    ps.setTimestamp(2, Timestamp.from(dayAgo));
                    ps.setString(3, probe);
                    ps.setTimestamp(4, Timestamp.from(hour.minus(Duration.ofDays(7))));
                    ps.setTimestamp(5, Timestamp.from(hour));
                }, rs -> Map.entry(rs.getString(1), new Baseline((Double) rs.getObject(2), (Double) rs.getObject(3))))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** The largest value one target's probe reached in a window; null when it has no value there. */
    public Double peak(String target, String probe, Instant from, Instant to) {
        return sql.first("read the peak of " + target + "/" + probe,
                "select max(value_max) from probe_rollups where target = ? and probe = ? and hour >= ? and hour < ?", ps -> {
                    ps.setString(1, target);
                    ps.setString(2, probe);
                    ps.setTimestamp(3, Timestamp.from(from.truncatedTo(ChronoUnit.HOURS)));
                    ps.setTimestamp(4, Timestamp.from(to));
                }, rs -> (Double) rs.getObject(1)).orElse(null);
    }

    /** Deletes buckets older than {@code before}; answers how many. */
    public int prune(Instant before) {
        return sql.update("prune probe_rollups", "delete from probe_rollups where hour < ?",
                ps -> ps.setTimestamp(1, Timestamp.from(before)));
    }
}
