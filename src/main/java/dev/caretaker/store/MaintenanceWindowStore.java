package dev.caretaker.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static dev.caretaker.store.Sql.instant;
import static dev.caretaker.store.Sql.ts;

/**
 * Maintenance windows in {@code maintenance_windows}. Whether a window covers a time depends on its start and end
 * alone; carrying out its start and its end is claimed with a conditional update, so two replicas never do it twice.
 */
@Singleton
public class MaintenanceWindowStore {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, reason, targets, matchers::text, starts_at, ends_at, created_by, created_at, "
            + "channel, started_at, closed_at, ended_by, silence_id";

    /** What a new window is: the rest is filled in as it starts and ends. */
    public record NewWindow(String reason, List<String> targets, Map<String, String> matchers, Instant startsAt,
                            Instant endsAt, String createdBy, String channel) {

        public NewWindow {
            reason = reason == null ? "" : reason;
            targets = targets == null ? List.of() : List.copyOf(targets);
            matchers = matchers == null ? Map.of() : Map.copyOf(matchers);
        }
    }

    private final Sql sql;
    private final ObjectMapper json;

    MaintenanceWindowStore(Sql sql, ObjectMapper json) {
        this.sql = sql;
        this.json = json;
    }

    /**
     * Whether a maintenance window covers the Caretaker target {@code target} at {@code at}: one that names it, or
     * one that names no targets and no label matchers (it covers everything).
     */
    public boolean covers(String target, Instant at) {
        return sql.first("read maintenance windows", """
                select 1 from maintenance_windows
                where starts_at <= ? and ends_at > ?
                  and (? = any(targets) or (cardinality(targets) = 0 and matchers = '{}'::jsonb))
                limit 1""", ps -> {
                    ps.setTimestamp(1, ts(at));
                    ps.setTimestamp(2, ts(at));
                    ps.setString(3, target);
                }, rs -> true).isPresent();
    }

    /** Inserts a window (in the caller's transaction, if any) and answers it with its id. */
    public MaintenanceWindow create(NewWindow w, Instant now) {
        return sql.run("record a maintenance window", c -> {
            Array targets = c.createArrayOf("text", w.targets().toArray());
            try (PreparedStatement ps = c.prepareStatement("insert into maintenance_windows (reason, targets, matchers, "
                    + "starts_at, ends_at, created_by, created_at, channel) values (?, ?, ?::jsonb, ?, ?, ?, ?, ?) returning "
                    + COLUMNS)) {
                ps.setString(1, w.reason());
                ps.setArray(2, targets);
                ps.setString(3, toJson(w.matchers()));
                ps.setTimestamp(4, ts(w.startsAt()));
                ps.setTimestamp(5, ts(w.endsAt()));
                ps.setString(6, w.createdBy());
                ps.setTimestamp(7, ts(now));
                ps.setString(8, w.channel());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return row(rs);
                }
            }
        });
    }

    public Optional<MaintenanceWindow> byId(long id) {
        return sql.first("read maintenance window " + id, "select " + COLUMNS + " from maintenance_windows where id = ?",
                ps -> ps.setLong(1, id), this::row);
    }

    /** The window, locked until the caller's transaction ends. */
    public Optional<MaintenanceWindow> byIdForUpdate(long id) {
        return sql.first("read maintenance window " + id,
                "select " + COLUMNS + " from maintenance_windows where id = ? for update", ps -> ps.setLong(1, id), this::row);
    }

    /** Windows that cover {@code at}, oldest first. */
    public List<MaintenanceWindow> activeAt(Instant at) {
        return sql.list("read maintenance windows", "select " + COLUMNS
                + " from maintenance_windows where starts_at <= ? and ends_at > ? order by starts_at, id", ps -> {
                    ps.setTimestamp(1, ts(at));
                    ps.setTimestamp(2, ts(at));
                }, this::row);
    }

    /** Windows not closed yet (on now, or scheduled ahead), soonest first. */
    public List<MaintenanceWindow> notClosed() {
        return sql.list("read maintenance windows", "select " + COLUMNS
                + " from maintenance_windows where closed_at is null order by starts_at, id", ps -> { }, this::row);
    }

    /** Windows that were on, or are planned, at some time since {@code since}, newest first. */
    public List<MaintenanceWindow> since(Instant since, int limit) {
        return sql.list("read maintenance windows", "select " + COLUMNS
                + " from maintenance_windows where ends_at >= ? or closed_at is null order by starts_at desc, id desc limit ?",
                ps -> {
                    ps.setTimestamp(1, ts(since));
                    ps.setInt(2, limit);
                }, this::row);
    }

    /** Windows whose start is due and not yet carried out (and that were not turned off before it). */
    public List<MaintenanceWindow> dueToStart(Instant now) {
        return sql.list("read maintenance windows", "select " + COLUMNS + " from maintenance_windows "
                + "where started_at is null and closed_at is null and starts_at <= ? order by starts_at, id",
                ps -> ps.setTimestamp(1, ts(now)), this::row);
    }

    /** Windows whose end is due and not yet carried out. */
    public List<MaintenanceWindow> dueToClose(Instant now) {
        return sql.list("read maintenance windows", "select " + COLUMNS + " from maintenance_windows "
                + "where closed_at is null and ends_at <= ? order by ends_at, id", ps -> ps.setTimestamp(1, ts(now)), this::row);
    }

    /** Claims carrying out the window's start; false when another replica (or an earlier tick) did. */
    public boolean markStarted(long id, Instant at) {
        return sql.update("start maintenance window " + id,
                "update maintenance_windows set started_at = ? where id = ? and started_at is null and closed_at is null",
                ps -> {
                    ps.setTimestamp(1, ts(at));
                    ps.setLong(2, id);
                }) == 1;
    }

    /** Claims carrying out the window's end; false when another replica (or an earlier tick) did. */
    public boolean markClosed(long id, Instant at) {
        return sql.update("close maintenance window " + id,
                "update maintenance_windows set closed_at = ? where id = ? and closed_at is null", ps -> {
                    ps.setTimestamp(1, ts(at));
                    ps.setLong(2, id);
                }) == 1;
    }

    /**
     * Ends the window at {@code at} (turned off early: its end moves there; a window that has not begun is cancelled,
     * its end set to its start); false when it had ended already.
     */
    public boolean endEarly(long id, Instant at, String by) {
        return sql.update("end maintenance window " + id, """
                update maintenance_windows set ends_at = greatest(starts_at, least(ends_at, ?)), ended_by = ?
                where id = ? and closed_at is null and ends_at > ?""", ps -> {
                    ps.setTimestamp(1, ts(at));
                    ps.setString(2, by);
                    ps.setLong(3, id);
                    ps.setTimestamp(4, ts(at));
                }) == 1;
    }

    /** Records (or, with null, forgets) the window's Alertmanager silence. */
    public void setSilence(long id, String silenceId) {
        sql.update("record the silence of maintenance window " + id,
                "update maintenance_windows set silence_id = ? where id = ?", ps -> {
                    ps.setString(1, silenceId);
                    ps.setLong(2, id);
                });
    }

    private MaintenanceWindow row(ResultSet rs) throws SQLException {
        Array targets = rs.getArray("targets");
        List<String> names = targets == null ? List.of()
                : new ArrayList<>(Arrays.stream((Object[]) targets.getArray()).map(String::valueOf).toList());
        return new MaintenanceWindow(rs.getLong("id"), rs.getString("reason"), names, fromJson(rs.getString(4)),
                instant(rs.getTimestamp("starts_at")), instant(rs.getTimestamp("ends_at")), rs.getString("created_by"),
                instant(rs.getTimestamp("created_at")), rs.getString("channel"), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("closed_at")), rs.getString("ended_by"), rs.getString("silence_id"));
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
            throw new StoreException("a maintenance window's matchers are not a JSON object of strings", e);
        }
    }
}
