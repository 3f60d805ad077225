package dev.caretaker.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The audit log and executions tables: written before an action starts, completed after. */
@Singleton
public class AuditLog {

    private final Sql sql;
    private final ObjectMapper json;

    AuditLog(Sql sql, ObjectMapper json) {
        this.sql = sql;
        this.json = json;
    }

    /** Records that an action is starting; answers the audit row id to finish later. */
    public long start(AuditEntry entry) {
        // One statement (both rows, atomically): the audit sits on every command's path, so round trips count.
        return sql.run("write the audit row for request " + entry.requestId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    with a as (
                      insert into audit_log (request_id, platform, user_id, user_name, channel, command, command_line, args,
                                             decision, outcome, started_at)
                      values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, 'allowed', 'started', ?) returning id, request_id, command,
                             started_at),
                    e as (insert into executions (audit_id, request_id, command, started_at, status)
                          select id, request_id, command, started_at, 'running' from a)
                    select id from a""")) {
                ps.setString(1, entry.requestId());
                ps.setString(2, entry.platform());
                ps.setString(3, entry.userId());
                ps.setString(4, entry.userName());
                ps.setString(5, entry.channel());
                ps.setString(6, entry.command());
                ps.setString(7, entry.commandLine());
                ps.setString(8, toJson(entry.args()));
                ps.setTimestamp(9, Timestamp.from(entry.startedAt()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Completes a started row: outcome ok | failed | timeout, the reason when it failed, output size. */
    public void finish(long auditId, String outcome, String detail, Instant finishedAt, Duration duration, int outputChars) {
        sql.exec("finish audit row " + auditId, c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    with a as (update audit_log set outcome = ?, detail = ?, finished_at = ?, duration_ms = ? where id = ?
                               returning id)
                    update executions set status = ?, finished_at = ?, output_chars = ?, error = ?
                    where audit_id = (select id from a)""")) {
                ps.setString(1, outcome);
                ps.setString(2, detail);
                ps.setTimestamp(3, Timestamp.from(finishedAt));
                ps.setLong(4, duration.toMillis());
                ps.setLong(5, auditId);
                ps.setString(6, outcome);
                ps.setTimestamp(7, Timestamp.from(finishedAt));
                ps.setInt(8, outputChars);
                ps.setString(9, "ok".equals(outcome) ? null : detail);
                ps.executeUpdate();
            }
        });
    }

    /** Records a command that did not run: denied, throttled, pending, cancelled or rejected. */
    public long record(AuditEntry entry, String decision, String detail) {
        return sql.run("write the audit row for request " + entry.requestId(), c -> {
            return insert(c, entry, decision, null, detail, entry.startedAt());
        });
    }

    private long insert(Connection c, AuditEntry e, String decision, String outcome, String detail, Instant finishedAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into audit_log (request_id, platform, user_id, user_name, channel, command, command_line, args,
                                       decision, outcome, detail, started_at, finished_at, duration_ms)
                values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?) returning id""")) {
            ps.setString(1, e.requestId());
            ps.setString(2, e.platform());
            ps.setString(3, e.userId());
            ps.setString(4, e.userName());
            ps.setString(5, e.channel());
            ps.setString(6, e.command());
            ps.setString(7, e.commandLine());
            ps.setString(8, toJson(e.args()));
            ps.setString(9, decision);
            ps.setString(10, outcome);
            ps.setString(11, detail);
            ps.setTimestamp(12, Timestamp.from(e.startedAt()));
            ps.setTimestamp(13, finishedAt == null ? null : Timestamp.from(finishedAt));
            if (finishedAt == null) {
                ps.setNull(14, java.sql.Types.BIGINT);
            } else {
                ps.setLong(14, 0);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The newest rows first, filtered as asked. */
    public List<AuditRecord> search(AuditQuery q) {
        StringBuilder query = new StringBuilder("""
                select id, request_id, platform, user_id, user_name, channel, command, command_line, decision, outcome,
                       detail, started_at, finished_at, duration_ms
                from audit_log where started_at >= ?""");
        List<Object> params = new ArrayList<>();
        params.add(Timestamp.from(q.since()));
        if (q.user() != null) {
            query.append(" and (user_id = ? or lower(user_name) = lower(?))");
            params.add(q.user());
            params.add(q.user());
        }
        if (q.command() != null) {
            query.append(" and (command = ? or command like ?)");
            params.add(q.command());
            params.add(q.command() + " %");
        }
        query.append(" order by started_at desc, id desc limit ?");
        params.add(q.limit());
        return sql.run("read the audit log", c -> {
            try (PreparedStatement ps = c.prepareStatement(query.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                List<AuditRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Timestamp finished = rs.getTimestamp("finished_at");
                        long ms = rs.getLong("duration_ms");
                        Duration duration = rs.wasNull() ? null : Duration.ofMillis(ms);
                        out.add(new AuditRecord(rs.getLong("id"), rs.getString("request_id"), rs.getString("platform"),
                                rs.getString("user_id"), rs.getString("user_name"), rs.getString("channel"),
                                rs.getString("command"), rs.getString("command_line"), rs.getString("decision"),
                                rs.getString("outcome"), rs.getString("detail"), rs.getTimestamp("started_at").toInstant(),
                                finished == null ? null : finished.toInstant(), duration));
                    }
                }
                return out;
            }
        });
    }

    private String toJson(Map<String, String> args) {
        try {
            return json.writeValueAsString(args);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("arguments are plain strings and always serialise", e);
        }
    }
}
