package dev.caretaker.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.config.ChannelAddress;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static dev.caretaker.store.Sql.instant;
import static dev.caretaker.store.Sql.ts;

/**
 * Alerts and alert groups in PostgreSQL. Writes and the locking reads ({@code for update}) belong inside the caller's
 * {@link Transactions#inTransaction transaction}, so the state change and its outbox message commit together.
 */
@Singleton
public class AlertStore {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final String ALERT_COLUMNS = "id, fingerprint, source, group_id, name, severity, state, labels::text, "
            + "annotations::text, value, summary, runbook_url, started_at, updated_at, acked_at, acked_by, silenced_until, "
            + "silence_id, resolved_at, last_notified_at, escalated_at, hold, held_at, hold_outcome, escalation_step, escalated_to";

    /** An alert not held now: never held, or released. */
    private static final String NOT_HELD = "(hold is null or hold_outcome is not null)";

    private final Sql sql;
    private final ObjectMapper json;

    AlertStore(Sql sql, ObjectMapper json) {
        this.sql = sql;
        this.json = json;
    }

    // ---- reads -------------------------------------------------------------------------------------------

    /** Alerts that were open at some time since {@code from}: started, changed or resolved since, or still open. */
    public List<AlertRecord> since(Instant from) {
        return read("select " + ALERT_COLUMNS + " from alerts where updated_at >= ? or started_at >= ? or state <> 'resolved' "
                + "order by started_at desc, id desc", ps -> {
                    ps.setTimestamp(1, Timestamp.from(from));
                    ps.setTimestamp(2, Timestamp.from(from));
                });
    }

    /** Alerts not resolved yet (firing, acknowledged or silenced), newest first. */
    public List<AlertRecord> open() {
        return read("select " + ALERT_COLUMNS + " from alerts where state <> 'resolved' order by started_at desc, id desc",
                ps -> { });
    }

    public Optional<AlertRecord> byId(long id) {
        return read("select " + ALERT_COLUMNS + " from alerts where id = ?", ps -> ps.setLong(1, id)).stream().findFirst();
    }

    private List<AlertRecord> read(String query, Sql.Binder binder) {
        return sql.run("read alerts", c -> query(c, query, binder));
    }

    // ---- reads and writes inside the caller's transaction ------------------------------------------------------

    public List<AlertRecord> ofGroup(long groupId) {
        return read("select " + ALERT_COLUMNS + " from alerts where group_id = ? order by id", ps -> ps.setLong(1, groupId));
    }

    /** The alert of a probe's fingerprint, if it ever fired. */
    public Optional<AlertRecord> byProbeFingerprint(String fingerprint) {
        return read("select " + ALERT_COLUMNS + " from alerts where source = 'probe' and fingerprint = ?",
                ps -> ps.setString(1, fingerprint)).stream().findFirst();
    }

    /** Lock order everywhere: the group first, then its alerts, so two writers never wait on each other in a circle. */
    public Optional<AlertRecord> byIdForUpdate(long id) {
        return read("select " + ALERT_COLUMNS + " from alerts where id = ? for update", ps -> ps.setLong(1, id))
                .stream().findFirst();
    }

    public Map<String, AlertRecord> byFingerprints(String source, Collection<String> fingerprints) {
        return sql.run("read alerts", c -> {
            Array array = c.createArrayOf("text", fingerprints.toArray());
            Map<String, AlertRecord> out = new LinkedHashMap<>();
            for (AlertRecord r : query(c, "select " + ALERT_COLUMNS
                            + " from alerts where source = ? and fingerprint = any(?) for update", ps -> {
                        ps.setString(1, source);
                        ps.setArray(2, array);
                    })) {
                out.put(r.fingerprint(), r);
            }
            return out;
        });
    }

    /** Alerts whose time has come: critical, unacknowledged and unescalated for {@code since}, or whose silence ended. */
    public List<AlertRecord> due(Instant escalateStartedBefore, Instant now) {
        return read("select " + ALERT_COLUMNS + " from alerts where (state = 'firing' and severity = 'critical' "
                + "and acked_at is null and escalated_at is null and " + NOT_HELD + " and started_at <= ?) "
                + "or (state = 'silenced' and silenced_until <= ?) order by id", ps -> {
                    ps.setTimestamp(1, Timestamp.from(escalateStartedBefore));
                    ps.setTimestamp(2, Timestamp.from(now));
                });
    }

    /** Critical alerts that fire, unacknowledged and not held: the ones a rotation's escalation may page for. */
    public List<AlertRecord> unackedCriticals() {
        return read("select " + ALERT_COLUMNS + " from alerts where state = 'firing' and severity = 'critical' "
                + "and acked_at is null and " + NOT_HELD + " order by id", ps -> { });
    }

    /** Alerts held for {@code hold} ({@code maintenance:<id>} or {@code quiet}) and not released yet, oldest first. */
    public List<AlertRecord> heldFor(String hold) {
        return read("select " + ALERT_COLUMNS + " from alerts where hold = ? and hold_outcome is null order by id",
                ps -> ps.setString(1, hold));
    }

    /** Alerts held for {@code hold} at some time since {@code since}, released or not, oldest first. */
    public List<AlertRecord> heldSince(String hold, Instant since) {
        return read("select " + ALERT_COLUMNS + " from alerts where hold = ? and held_at >= ? order by held_at, id", ps -> {
            ps.setString(1, hold);
            ps.setTimestamp(2, Timestamp.from(since));
        });
    }

    /** Alerts each of these maintenance windows held, released or not, by window id. */
    public Map<Long, List<AlertRecord>> heldByWindows(Collection<Long> windowIds) {
        Map<Long, List<AlertRecord>> out = new LinkedHashMap<>();
        if (windowIds.isEmpty()) {
            return out;
        }
        List<AlertRecord> held = sql.run("read held alerts", c -> {
            Array holds = c.createArrayOf("text", windowIds.stream().map(AlertRecord::maintenanceHold).toArray());
            return query(c, "select " + ALERT_COLUMNS + " from alerts where hold = any(?) order by id",
                    ps -> ps.setArray(1, holds));
        });
        for (long id : windowIds) {
            List<AlertRecord> of = held.stream().filter(a -> AlertRecord.maintenanceHold(id).equals(a.hold())).toList();
            if (!of.isEmpty()) {
                out.put(id, of);
            }
        }
        return out;
    }

    /**
     * Waits for, then holds until the transaction ends, a lock on {@code key}: two writers of the same thing (an
     * Alertmanager retry racing the original) take their turns.
     */
    public void lockFor(String key) {
        sql.run("lock " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                ps.setString(1, key);
                ps.execute();
            }
            return null;
        });
    }

    /**
     * Inserts alerts in one statement (arrays unnested server-side: a thousand rows cost one round trip); answers
     * nothing, the group's alerts are read back when its message is rendered.
     */
    public void insertAll(List<AlertRecord> alerts) {
        if (alerts.isEmpty()) {
            return;
        }
        sql.run("insert " + alerts.size() + " alert(s)", c -> insertAll(c, alerts));
    }

    private Void insertAll(Connection c, List<AlertRecord> alerts) throws SQLException {
        int n = alerts.size();
        String[][] cols = new String[17][n];
        for (int i = 0; i < n; i++) {
            AlertRecord a = alerts.get(i);
            String[] row = {a.fingerprint(), a.source(), String.valueOf(a.groupId()), a.name(), toJson(a.labels()),
                    toJson(a.annotations()), a.severity(), a.state(), a.value(), a.summary(), a.runbookUrl(),
                    text(a.startedAt()), text(a.updatedAt()), text(a.resolvedAt()), text(a.lastNotifiedAt()), a.hold(),
                    text(a.heldAt())};
            for (int col = 0; col < row.length; col++) {
                cols[col][i] = row[col];
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                insert into alerts (fingerprint, source, group_id, name, labels, annotations, severity, state, value,
                                    summary, runbook_url, started_at, updated_at, resolved_at, last_notified_at, hold,
                                    held_at)
                select f, s, g::bigint, n, l::jsonb, an::jsonb, sev, st, v, sm, rb, sa::timestamptz, ua::timestamptz,
                       ra::timestamptz, la::timestamptz, h, ha::timestamptz
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[])
                     as u(f, s, g, n, l, an, sev, st, v, sm, rb, sa, ua, ra, la, h, ha)""")) {
            for (int col = 0; col < cols.length; col++) {
                ps.setArray(col + 1, c.createArrayOf("text", cols[col]));
            }
            ps.executeUpdate();
        }
        return null;
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    /** Writes every changeable column of existing alerts. */
    public void updateAll(List<AlertRecord> alerts) {
        if (alerts.isEmpty()) {
            return;
        }
        sql.run("update " + alerts.size() + " alert(s)", c -> updateAll(c, alerts));
    }

    private Void updateAll(Connection c, List<AlertRecord> alerts) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update alerts set group_id = ?, name = ?, labels = ?::jsonb, annotations = ?::jsonb, severity = ?, state = ?,
                       value = ?, summary = ?, runbook_url = ?, started_at = ?, updated_at = ?, acked_at = ?, acked_by = ?,
                       silenced_until = ?, silence_id = ?, resolved_at = ?, last_notified_at = ?, escalated_at = ?,
                       hold = ?, held_at = ?, hold_outcome = ?, escalation_step = ?, escalated_to = ?
                where id = ?""")) {
            for (AlertRecord a : alerts) {
                ps.setLong(1, a.groupId());
                ps.setString(2, a.name());
                ps.setString(3, toJson(a.labels()));
                ps.setString(4, toJson(a.annotations()));
                ps.setString(5, a.severity());
                ps.setString(6, a.state());
                ps.setString(7, a.value());
                ps.setString(8, a.summary());
                ps.setString(9, a.runbookUrl());
                ps.setTimestamp(10, ts(a.startedAt()));
                ps.setTimestamp(11, ts(a.updatedAt()));
                ps.setTimestamp(12, ts(a.ackedAt()));
                ps.setString(13, a.ackedBy());
                ps.setTimestamp(14, ts(a.silencedUntil()));
                ps.setString(15, a.silenceId());
                ps.setTimestamp(16, ts(a.resolvedAt()));
                ps.setTimestamp(17, ts(a.lastNotifiedAt()));
                ps.setTimestamp(18, ts(a.escalatedAt()));
                ps.setString(19, a.hold());
                ps.setTimestamp(20, ts(a.heldAt()));
                ps.setString(21, a.holdOutcome());
                ps.setInt(22, a.escalationStep());
                ps.setString(23, a.escalatedTo());
                ps.setLong(24, a.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return null;
    }

    public void markNotified(long groupId, Instant at) {
        sql.update("mark alert group " + groupId + " notified",
                "update alerts set last_notified_at = ? where group_id = ? and (state <> 'resolved' or resolved_at >= ?)",
                ps -> {
                    ps.setTimestamp(1, Timestamp.from(at));
                    ps.setLong(2, groupId);
                    ps.setTimestamp(3, Timestamp.from(at.minusSeconds(1)));
                });
    }

    /** The group with this key, created with the given labels and channels when new; locked for this transaction. */
    public AlertGroup group(String source, String key, Map<String, String> labels, List<ChannelAddress> channels,
                            String mention) {
        return sql.run("open alert group " + key, c -> group(c, source, key, labels, channels, mention));
    }

    private AlertGroup group(Connection c, String source, String key, Map<String, String> labels,
                             List<ChannelAddress> channels, String mention) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into alert_groups (source, group_key, labels, channels, mention) values (?, ?, ?::jsonb, ?, ?)
                on conflict (source, group_key) do nothing""")) {
            ps.setString(1, source);
            ps.setString(2, key);
            ps.setString(3, toJson(labels));
            ps.setArray(4, c.createArrayOf("text", channels.stream().map(ChannelAddress::toString).toArray()));
            ps.setString(5, mention);
            ps.executeUpdate();
        }
        return groupWhere(c, "source = ? and group_key = ?", ps -> {
            ps.setString(1, source);
            ps.setString(2, key);
        }).orElseThrow();
    }

    /** The group, locked for the caller's transaction. */
    public Optional<AlertGroup> groupForUpdate(long id) {
        return sql.run("read alert group " + id, c -> groupWhere(c, "id = ?", ps -> ps.setLong(1, id)));
    }

    private Optional<AlertGroup> groupWhere(Connection c, String where, Sql.Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select id, source, group_key, labels::text, channels, mention, episode, "
                + "flapping, thread_seq, last_posted_at, rotation, mentions::text from alert_groups where " + where
                + " for update")) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                List<ChannelAddress> channels = new ArrayList<>();
                for (Object o : (Object[]) rs.getArray("channels").getArray()) {
                    ChannelAddress.parse(o.toString()).ifPresent(channels::add);
                }
                return Optional.of(new AlertGroup(rs.getLong("id"), rs.getString("source"), rs.getString("group_key"),
                        fromJson(rs.getString(4)), channels, rs.getString("mention"), rs.getInt("episode"),
                        rs.getBoolean("flapping"), rs.getInt("thread_seq"), instant(rs.getTimestamp("last_posted_at")),
                        rs.getString("rotation"), fromJson(rs.getString(12))));
            }
        }
    }

    public void saveGroup(AlertGroup g) {
        sql.run("save alert group " + g.id(), c -> saveGroup(c, g));
    }

    private Void saveGroup(Connection c, AlertGroup g) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update alert_groups set labels = ?::jsonb, channels = ?, mention = ?, episode = ?, flapping = ?,
                       thread_seq = ?, last_posted_at = ?, rotation = ?, mentions = ?::jsonb where id = ?""")) {
            ps.setString(1, toJson(g.labels()));
            ps.setArray(2, c.createArrayOf("text", g.channels().stream().map(ChannelAddress::toString).toArray()));
            ps.setString(3, g.mention());
            ps.setInt(4, g.episode());
            ps.setBoolean(5, g.flapping());
            ps.setInt(6, g.threadSeq());
            ps.setTimestamp(7, ts(g.lastPostedAt()));
            ps.setString(8, g.rotation());
            ps.setString(9, toJson(g.mentions()));
            ps.setLong(10, g.id());
            ps.executeUpdate();
        }
        return null;
    }

    // ---- plumbing ------------------------------------------------------------------------------------------------

    private List<AlertRecord> query(Connection c, String query, Sql.Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query)) {
            binder.bind(ps);
            List<AlertRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AlertRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), fromJson(rs.getString(8)), fromJson(rs.getString(9)),
                            rs.getString(10), rs.getString(11), rs.getString(12), instant(rs.getTimestamp(13)),
                            instant(rs.getTimestamp(14)), instant(rs.getTimestamp(15)), rs.getString(16),
                            instant(rs.getTimestamp(17)), rs.getString(18), instant(rs.getTimestamp(19)),
                            instant(rs.getTimestamp(20)), instant(rs.getTimestamp(21)), rs.getString(22),
                            instant(rs.getTimestamp(23)), rs.getString(24), rs.getInt(25), rs.getString(26)));
                }
            }
            return out;
        }
    }

    private String toJson(Map<String, String> map) {
        try {
            return json.writeValueAsString(new TreeMap<>(map));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("string maps always serialise", e);
        }
    }

    private Map<String, String> fromJson(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new StoreException("an alert's labels are not a JSON object of strings", e);
        }
    }
}
