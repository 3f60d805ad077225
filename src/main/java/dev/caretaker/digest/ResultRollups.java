package dev.caretaker.digest;

import dev.caretaker.store.StoreException;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Folds the probe scheduler's raw results ({@code probe_results}) into the hourly {@code probe_rollups}, in
 * batches, remembering the last result id folded in the same transaction: every result is counted once, even
 * with several replicas or after a crash. Runs from the digest job on every tick.
 */
@Singleton
public class ResultRollups {

    static final int BATCH = 20_000;

    private static final String FOLD = """
            insert into probe_rollups (target, probe, hour, unit, samples, value_count, value_sum, value_min, value_max,
                                       latency_sum_ms, latency_max_ms, warn_count, critical_count)
            select target, probe, date_trunc('hour', at at time zone 'UTC') at time zone 'UTC', max(unit), count(*),
                   count(value), coalesce(sum(value), 0), min(value), max(value), sum(latency_ms), max(latency_ms),
                   count(*) filter (where status = 'WARN'), count(*) filter (where status = 'CRITICAL')
            from probe_results where id > ? and id <= ?
            group by 1, 2, 3
            order by 1, 2, 3
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

    private final DataSource dataSource;

    public ResultRollups(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Folds every result stored since the last call; answers how many. */
    public int foldNew() {
        int total = 0;
        while (true) {
            int folded = foldBatch();
            total += folded;
            if (folded < BATCH) {
                return total;
            }
        }
    }

    private int foldBatch() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long last;
                // the row lock makes a second replica wait, then start after what the first one folded
                try (PreparedStatement ps = c.prepareStatement(
                        "select last_id from probe_rollup_progress where id = 1 for update");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    last = rs.getLong(1);
                }
                long upTo;
                int count;
                try (PreparedStatement ps = c.prepareStatement(
                        "select coalesce(max(id), ?), count(*) from (select id from probe_results where id > ? "
                                + "order by id limit ?) b")) {
                    ps.setLong(1, last);
                    ps.setLong(2, last);
                    ps.setInt(3, BATCH);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        upTo = rs.getLong(1);
                        count = rs.getInt(2);
                    }
                }
                if (count > 0) {
                    try (PreparedStatement ps = c.prepareStatement(FOLD)) {
                        ps.setLong(1, last);
                        ps.setLong(2, upTo);
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps = c.prepareStatement(
                            "update probe_rollup_progress set last_id = ? where id = 1")) {
                        ps.setLong(1, upTo);
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return count;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("could not fold probe_results into probe_rollups", e);
        }
    }
}
