package dev.caretaker.store;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Folds the probe scheduler's raw results ({@code probe_results}) into the hourly {@code probe_rollups}, in
 * batches, remembering the last result id folded in the same transaction: every result is counted once, even
 * with several replicas or after a crash. Runs from the digest job on every tick. Ids are taken in order, which
 * holds because only the probe scheduler on the lease holder writes results, one transaction at a time.
 */
@Singleton
public class ResultRollups {

    static final int BATCH = 20_000;

    private static final String FOLD = ProbeRollups.COLUMNS + """
            select target, probe, date_trunc('hour', at at time zone 'UTC') at time zone 'UTC', max(unit), count(*),
                   count(value), coalesce(sum(value), 0), min(value), max(value), sum(latency_ms), max(latency_ms),
                   count(*) filter (where status = 'WARN'), count(*) filter (where status = 'CRITICAL')
            from probe_results where id > ? and id <= ?
            group by 1, 2, 3
            order by 1, 2, 3
            """ + ProbeRollups.ADD_TO_EXISTING;

    private final Sql sql;
    private final TransactionOperations<Connection> tx;

    ResultRollups(Sql sql, TransactionOperations<Connection> tx) {
        this.sql = sql;
        this.tx = tx;
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
        return tx.executeWrite(status -> sql.run("fold probe_results into probe_rollups", this::foldBatch));
    }

    private int foldBatch(Connection c) throws SQLException {
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
        return count;
    }
}
