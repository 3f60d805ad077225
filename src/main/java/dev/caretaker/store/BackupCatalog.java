package dev.caretaker.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The backups catalogue ({@code backups}, {@code backup_verifications}, {@code backup_schedule_runs}). A backup is
 * started with a row that says so, completed or failed when its object is stored or abandoned, and deleted together
 * with its object by the prune. Scheduled backups are claimed with a conditional insert on (target, cron instant),
 * so one runs whatever the number of replicas or restarts.
 */
@Singleton
public class BackupCatalog {

    /** What {@link #start} came to. */
    public sealed interface Start {
    }

    /** The backup's row, now {@code running}. */
    public record Started(BackupRecord backup) implements Start {
    }

    /** Another backup of the target is running (its heartbeat is fresh); nothing was written. */
    public record Busy(BackupRecord running) implements Start {
    }

    /** What a new backup is: the target, kind, format and storage; its key is made from its id. */
    public record NewBackup(String target, String kind, String format, String storage, LongFunction<String> keyFor,
                            String requestedBy, Instant scheduledAt, String replica) {
    }

    /** What a finished backup proved: size and checksum, the versions, and the rows or files it holds. */
    public record Completed(long sizeBytes, String sha256, String serverVersion, String clientVersion,
                            Map<String, Long> tableCounts, Long fileCount) {
    }

    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {
    };
    private static final TypeReference<List<BackupVerification.TableCheck>> CHECKS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, target, kind, format, status, storage, storage_key, started_at, "
            + "heartbeat_at, finished_at, size_bytes, sha256, server_version, client_version, table_counts::text, "
            + "file_count, error, requested_by, scheduled_at, replica, verified_at, verify_status";

    private final Sql sql;
    private final Transactions transactions;
    private final ObjectMapper json;

    BackupCatalog(Sql sql, Transactions transactions, ObjectMapper json) {
        this.sql = sql;
        this.transactions = transactions;
        this.json = json;
    }

    /**
     * Starts a backup of a target unless another one is running there (a row {@code running} whose heartbeat is
     * after {@code staleBefore}); replicas starting at once are taken one after the other.
     */
    public Start start(NewBackup b, Instant now, Instant staleBefore) {
        return transactions.inTransaction(() -> sql.run("start a backup of " + b.target(), c -> {
            try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, "backup:" + b.target());
                lock.executeQuery().close();
            }
            Optional<BackupRecord> running = Optional.empty();
            try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from backups where target = ? "
                    + "and status = 'running' and heartbeat_at > ? order by id limit 1")) {
                ps.setString(1, b.target());
                ps.setTimestamp(2, Timestamp.from(staleBefore));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        running = Optional.of(read(rs));
                    }
                }
            }
            if (running.isPresent()) {
                return (Start) new Busy(running.get());
            }
            long id;
            try (PreparedStatement ps = c.prepareStatement("select nextval('backups_id_seq')");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into backups (id, target, kind, format, status, storage, storage_key, started_at, heartbeat_at,
                                         requested_by, scheduled_at, replica)
                    values (?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)""")) {
                ps.setLong(1, id);
                ps.setString(2, b.target());
                ps.setString(3, b.kind());
                ps.setString(4, b.format());
                ps.setString(5, b.storage());
                ps.setString(6, b.keyFor().apply(id));
                ps.setTimestamp(7, Timestamp.from(now));
                ps.setTimestamp(8, Timestamp.from(now));
                ps.setString(9, b.requestedBy());
                ps.setTimestamp(10, Sql.ts(b.scheduledAt()));
                ps.setString(11, b.replica());
                ps.executeUpdate();
            }
            return new Started(byId(c, id).orElseThrow());
        }));
    }

    /** Tells other replicas the backup is still streaming. */
    public void heartbeat(long id, Instant now) {
        sql.update("mark backup " + id + " alive", "update backups set heartbeat_at = ? where id = ? and status = 'running'",
                ps -> {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setLong(2, id);
                });
    }

    /** Records a stored backup: its size, checksum, versions and contents. */
    public BackupRecord complete(long id, Instant finishedAt, Completed done) {
        sql.update("complete backup " + id, """
                update backups set status = 'done', finished_at = ?, heartbeat_at = ?, size_bytes = ?, sha256 = ?,
                       server_version = ?, client_version = ?, table_counts = ?::jsonb, file_count = ?
                 where id = ?""", ps -> {
            ps.setTimestamp(1, Timestamp.from(finishedAt));
            ps.setTimestamp(2, Timestamp.from(finishedAt));
            ps.setLong(3, done.sizeBytes());
            ps.setString(4, done.sha256());
            ps.setString(5, done.serverVersion());
            ps.setString(6, done.clientVersion());
            ps.setString(7, write(done.tableCounts() == null ? Map.of() : done.tableCounts()));
            if (done.fileCount() == null) {
                ps.setNull(8, Types.BIGINT);
            } else {
                ps.setLong(8, done.fileCount());
            }
            ps.setLong(9, id);
        });
        return byId(id).orElseThrow();
    }

    /** Records that a backup failed; {@code error} is the sentence users read. No object is kept for it. */
    public void fail(long id, Instant finishedAt, String error) {
        sql.update("record failed backup " + id, """
                update backups set status = 'failed', finished_at = ?, heartbeat_at = ?, error = ?
                 where id = ? and status = 'running'""", ps -> {
            ps.setTimestamp(1, Timestamp.from(finishedAt));
            ps.setTimestamp(2, Timestamp.from(finishedAt));
            ps.setString(3, error);
            ps.setLong(4, id);
        });
    }

    /** Backups still {@code running} whose replica stopped sending heartbeats before {@code staleBefore}. */
    public List<BackupRecord> stale(Instant staleBefore) {
        return sql.list("read stale backups", "select " + COLUMNS + " from backups where status = 'running' "
                + "and heartbeat_at <= ? order by id", ps -> ps.setTimestamp(1, Timestamp.from(staleBefore)), this::read);
    }

    public Optional<BackupRecord> byId(long id) {
        return sql.run("read backup " + id, c -> byId(c, id));
    }

    private Optional<BackupRecord> byId(java.sql.Connection c, long id) throws SQLException {
        List<BackupRecord> rows = Sql.list(c, "select " + COLUMNS + " from backups where id = ?",
                ps -> ps.setLong(1, id), this::read);
        return rows.stream().findFirst();
    }

    /** The newest backups, of one target or of all (target null), newest first. */
    public List<BackupRecord> list(String target, int limit) {
        return sql.list("list backups", "select " + COLUMNS + " from backups where (?::text is null or target = ?) "
                + "order by started_at desc, id desc limit ?", ps -> {
                    ps.setString(1, target);
                    ps.setString(2, target);
                    ps.setInt(3, limit);
                }, this::read);
    }

    /** The targets that have rows in the catalogue. */
    public List<String> targets() {
        return sql.list("list backed-up targets", "select distinct target from backups order by 1", ps -> { },
                rs -> rs.getString(1));
    }

    /** Every stored ({@code done}) backup of a target, newest first. */
    public List<BackupRecord> done(String target) {
        return sql.list("list stored backups of " + target, "select " + COLUMNS + " from backups "
                + "where target = ? and status = 'done' order by started_at desc, id desc", ps -> ps.setString(1, target),
                this::read);
    }

    /** The newest stored backup of a target. */
    public Optional<BackupRecord> latestDone(String target) {
        return done(target).stream().findFirst();
    }

    /** The newest backup of a target whose last verification passed. */
    public Optional<BackupRecord> latestVerified(String target) {
        return sql.first("read the newest verified backup of " + target, "select " + COLUMNS + " from backups "
                + "where target = ? and status = 'done' and verify_status = 'passed' "
                + "order by started_at desc, id desc limit 1", ps -> ps.setString(1, target), this::read);
    }

    /** Failed backups of a target finished before {@code before} (the prune removes their rows). */
    public List<BackupRecord> failedBefore(String target, Instant before) {
        return sql.list("list failed backups of " + target, "select " + COLUMNS + " from backups where target = ? "
                + "and status = 'failed' and started_at < ? order by id", ps -> {
                    ps.setString(1, target);
                    ps.setTimestamp(2, Timestamp.from(before));
                }, this::read);
    }

    /** Rows left {@code pruning} by a prune that stopped half-way: their objects are deleted again, then the rows. */
    public List<BackupRecord> pruning(String target) {
        return sql.list("list backups being pruned", "select " + COLUMNS + " from backups where target = ? "
                + "and status = 'pruning' order by id", ps -> ps.setString(1, target), this::read);
    }

    /** Marks a stored or failed backup as being deleted; false when it is in neither state any more. */
    public boolean markPruning(long id) {
        return sql.update("mark backup " + id + " for pruning", "update backups set status = 'pruning' where id = ? "
                + "and status in ('done', 'failed')", ps -> ps.setLong(1, id)) == 1;
    }

    /** Deletes a backup's row (its verifications go with it); call once its object is gone. */
    public void delete(long id) {
        sql.update("delete backup " + id, "delete from backups where id = ?", ps -> ps.setLong(1, id));
    }

    // ---- verification --------------------------------------------------------------------------------------------

    /** Records a verification and sets the backup's last result, in the caller's transaction (or one of its own). */
    public BackupVerification recordVerification(long backupId, Instant startedAt, Instant finishedAt, boolean passed,
                                                 String failure, String detail,
                                                 List<BackupVerification.TableCheck> tables, String requestedBy) {
        return transactions.inTransaction(() -> {
            long id = sql.run("record verification of backup " + backupId, c -> {
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into backup_verifications (backup_id, started_at, finished_at, status, failure, detail,
                                                          tables, requested_by)
                        values (?, ?, ?, ?, ?, ?, ?::jsonb, ?) returning id""")) {
                    ps.setLong(1, backupId);
                    ps.setTimestamp(2, Timestamp.from(startedAt));
                    ps.setTimestamp(3, Timestamp.from(finishedAt));
                    ps.setString(4, passed ? BackupRecord.PASSED : BackupRecord.FAILED);
                    ps.setString(5, failure);
                    ps.setString(6, detail == null ? "" : detail);
                    ps.setString(7, write(tables));
                    ps.setString(8, requestedBy);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            });
            sql.update("set the verification of backup " + backupId, """
                    update backups set verify_status = ?, verified_at = case when ? then ? else verified_at end
                     where id = ?""", ps -> {
                ps.setString(1, passed ? BackupRecord.PASSED : BackupRecord.FAILED);
                ps.setBoolean(2, passed);
                ps.setTimestamp(3, Timestamp.from(finishedAt));
                ps.setLong(4, backupId);
            });
            return new BackupVerification(id, backupId, startedAt, finishedAt,
                    passed ? BackupRecord.PASSED : BackupRecord.FAILED, failure, detail, tables, requestedBy);
        });
    }

    /** The verifications of a backup, newest first. */
    public List<BackupVerification> verifications(long backupId) {
        return sql.list("read verifications of backup " + backupId, """
                select id, backup_id, started_at, finished_at, status, failure, detail, tables::text, requested_by
                  from backup_verifications where backup_id = ? order by finished_at desc, id desc""",
                ps -> ps.setLong(1, backupId), this::readVerification);
    }

    /** The newest verification of any backup of a target. */
    public Optional<BackupVerification> lastVerification(String target) {
        return sql.first("read the last verification of " + target, """
                select v.id, v.backup_id, v.started_at, v.finished_at, v.status, v.failure, v.detail, v.tables::text,
                       v.requested_by
                  from backup_verifications v join backups b on b.id = v.backup_id
                 where b.target = ? order by v.finished_at desc, v.id desc limit 1""",
                ps -> ps.setString(1, target), this::readVerification);
    }

    /** The newest passed verification of any backup of a target. */
    public Optional<BackupVerification> lastPassedVerification(String target) {
        return sql.first("read the last passed verification of " + target, """
                select v.id, v.backup_id, v.started_at, v.finished_at, v.status, v.failure, v.detail, v.tables::text,
                       v.requested_by
                  from backup_verifications v join backups b on b.id = v.backup_id
                 where b.target = ? and v.status = 'passed' order by v.finished_at desc, v.id desc limit 1""",
                ps -> ps.setString(1, target), this::readVerification);
    }

    // ---- schedule ------------------------------------------------------------------------------------------------

    /** Whether the scheduled backup of this instant was claimed already. */
    public boolean scheduledExists(String target, Instant scheduledAt) {
        return ask("select 1 from backup_schedule_runs where target = ? and scheduled_at = ?", target, scheduledAt);
    }

    /** Whether a scheduled backup of the target was ever claimed before {@code before}. */
    public boolean scheduledBefore(String target, Instant before) {
        return ask("select 1 from backup_schedule_runs where target = ? and scheduled_at < ? limit 1", target, before);
    }

    /** Claims the scheduled backup of an instant; false when another replica or an earlier start has it. */
    public boolean claimScheduled(String target, Instant scheduledAt, boolean late, Instant now, String replica) {
        return sql.update("claim the scheduled backup of " + target, """
                insert into backup_schedule_runs (target, scheduled_at, late, claimed_at, replica) values (?, ?, ?, ?, ?)
                on conflict (target, scheduled_at) do nothing""", ps -> {
            ps.setString(1, target);
            ps.setTimestamp(2, Timestamp.from(scheduledAt));
            ps.setBoolean(3, late);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setString(5, replica);
        }) == 1;
    }

    /** How many scheduled backups of a target were claimed. */
    public int scheduledCount(String target) {
        return sql.first("count scheduled backups of " + target, "select count(*) from backup_schedule_runs where target = ?",
                ps -> ps.setString(1, target), rs -> rs.getInt(1)).orElse(0);
    }

    private boolean ask(String query, String target, Instant at) {
        return sql.first("read backup_schedule_runs for " + target, query, ps -> {
            ps.setString(1, target);
            ps.setTimestamp(2, Timestamp.from(at));
        }, rs -> true).isPresent();
    }

    // ---- rows ----------------------------------------------------------------------------------------------------

    private BackupRecord read(ResultSet rs) throws SQLException {
        long size = rs.getLong(11);
        Long sizeBytes = rs.wasNull() ? null : size;
        long files = rs.getLong(16);
        Long fileCount = rs.wasNull() ? null : files;
        String counts = rs.getString(15);
        return new BackupRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), Sql.instant(rs.getTimestamp(8)), Sql.instant(rs.getTimestamp(9)),
                Sql.instant(rs.getTimestamp(10)), sizeBytes, rs.getString(12), rs.getString(13), rs.getString(14),
                counts == null ? Map.of() : readJson(counts, COUNTS), fileCount, rs.getString(17), rs.getString(18),
                Sql.instant(rs.getTimestamp(19)), rs.getString(20), Sql.instant(rs.getTimestamp(21)), rs.getString(22));
    }

    private BackupVerification readVerification(ResultSet rs) throws SQLException {
        String tables = rs.getString(8);
        return new BackupVerification(rs.getLong(1), rs.getLong(2), Sql.instant(rs.getTimestamp(3)),
                Sql.instant(rs.getTimestamp(4)), rs.getString(5), rs.getString(6), rs.getString(7),
                tables == null ? List.of() : readJson(tables, CHECKS), rs.getString(9));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("backup catalogue: a value does not serialise", e);
        }
    }

    private <T> T readJson(String text, TypeReference<T> type) throws SQLException {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("backup catalogue: unreadable JSON column", e);
        }
    }
}
