package dev.caretaker.store;

import dev.caretaker.config.ChannelAddress;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checklist runs and their items in {@code checklist_runs} / {@code checklist_items}. A run is claimed with a
 * conditional insert on (checklist, scheduled instant), so replicas and restarts post each run once; an item is
 * ticked with a conditional update, so two clicks on Done record the first person only.
 */
@Singleton
public class ChecklistStore {

    /** One item of a run; {@code doneBy} is a person's name, or {@link #AUTOMATIC} for evidence Caretaker found. */
    public record Item(String id, int position, String text, Optional<String> checkKind, Optional<Instant> doneAt,
                       Optional<String> doneBy, Optional<String> evidence) {

        public boolean done() {
            return doneAt.isPresent();
        }
    }

    /** One posting of a checklist. */
    public record Run(long id, String checklist, Instant scheduledAt, String channel, boolean late, Instant postedAt,
                      List<Item> items) {

        public List<Item> open() {
            return items.stream().filter(i -> !i.done()).toList();
        }
    }

    /** An item to insert: its text, its check kind, and the evidence found ({@code passed}: ticked at once). */
    public record NewItem(String text, Optional<String> checkKind, Optional<String> evidence, boolean passed) {
    }

    public static final String AUTOMATIC = "caretaker";
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final int ID_LENGTH = 8;

    private final Sql sql;
    private final SecureRandom random = new SecureRandom();

    ChecklistStore(Sql sql) {
        this.sql = sql;
    }

    /** Whether the run for this instant exists already. */
    public boolean exists(String checklist, Instant scheduledAt) {
        return query("select 1 from checklist_runs where checklist = ? and scheduled_at = ?", checklist, scheduledAt);
    }

    /** Whether this checklist was ever posted before {@code before} (a first start does not post late runs). */
    public boolean postedBefore(String checklist, Instant before) {
        return query("select 1 from checklist_runs where checklist = ? and scheduled_at < ? limit 1", checklist, before);
    }

    /** Inserts the run and its items in the caller's transaction; empty when another replica or an earlier start claimed it. */
    public Optional<Run> claim(String checklist, ChannelAddress channel, Instant scheduledAt, boolean late, Instant now,
                               List<NewItem> items) {
        return sql.run("claim checklist " + checklist, tx -> claim(tx, checklist, channel, scheduledAt, late, now, items));
    }

    private Optional<Run> claim(Connection tx, String checklist, ChannelAddress channel, Instant scheduledAt,
                                boolean late, Instant now, List<NewItem> items) throws SQLException {
        long id;
        try (PreparedStatement ps = tx.prepareStatement("""
                insert into checklist_runs (checklist, scheduled_at, channel, late, posted_at) values (?, ?, ?, ?, ?)
                on conflict (checklist, scheduled_at) do nothing returning id""")) {
            ps.setString(1, checklist);
            ps.setTimestamp(2, Timestamp.from(scheduledAt));
            ps.setString(3, channel.toString());
            ps.setBoolean(4, late);
            ps.setTimestamp(5, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                id = rs.getLong(1);
            }
        }
        List<Item> out = new ArrayList<>();
        try (PreparedStatement ps = tx.prepareStatement("""
                insert into checklist_items (id, run_id, position, text, check_kind, done_at, done_by, evidence)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (int i = 0; i < items.size(); i++) {
                NewItem item = items.get(i);
                String itemId = newId();
                boolean passed = item.passed();
                ps.setString(1, itemId);
                ps.setLong(2, id);
                ps.setInt(3, i + 1);
                ps.setString(4, item.text());
                ps.setString(5, item.checkKind().orElse(null));
                ps.setTimestamp(6, passed ? Timestamp.from(now) : null);
                ps.setString(7, passed ? AUTOMATIC : null);
                ps.setString(8, item.evidence().orElse(null));
                ps.addBatch();
                out.add(new Item(itemId, i + 1, item.text(), item.checkKind(), passed ? Optional.of(now) : Optional.empty(),
                        passed ? Optional.of(AUTOMATIC) : Optional.empty(), item.evidence()));
            }
            ps.executeBatch();
        }
        return Optional.of(new Run(id, checklist, scheduledAt, channel.toString(), late, now, out));
    }

    /** Ticks an open item; false when it was done already (or does not exist). */
    public boolean markDone(String itemId, String who, Instant at) {
        return sql.update("tick checklist item " + itemId,
                "update checklist_items set done_at = ?, done_by = ? where id = ? and done_at is null", ps -> {
                    ps.setTimestamp(1, Timestamp.from(at));
                    ps.setString(2, who);
                    ps.setString(3, itemId);
                }) == 1;
    }

    /** The run an item belongs to. */
    public Optional<Run> runOfItem(String itemId) {
        return runs("r.id = (select run_id from checklist_items where id = ?)", itemId).stream().findFirst();
    }

    /** The newest run of each checklist (of one, when {@code checklist} is given). */
    public List<Run> latest(Optional<String> checklist) {
        String where = "r.id in (select distinct on (checklist) id from checklist_runs order by checklist, scheduled_at desc)";
        if (checklist.isPresent()) {
            return runs(where + " and lower(r.checklist) = lower(?)", checklist.get());
        }
        return runs(where, null);
    }

    private List<Run> runs(String where, String param) {
        String query = "select r.id, r.checklist, r.scheduled_at, r.channel, r.late, r.posted_at, i.id, i.position, i.text, "
                + "i.check_kind, i.done_at, i.done_by, i.evidence from checklist_runs r "
                + "join checklist_items i on i.run_id = r.id where " + where + " order by r.checklist, r.id, i.position";
        return sql.run("read checklist runs", c -> runs(c, query, param));
    }

    private static List<Run> runs(Connection c, String query, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query)) {
            if (param != null) {
                ps.setString(1, param);
            }
            List<Run> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                long current = -1;
                List<Item> items = null;
                Run head = null;
                while (rs.next()) {
                    long id = rs.getLong(1);
                    if (id != current) {
                        if (head != null) {
                            out.add(withItems(head, items));
                        }
                        current = id;
                        items = new ArrayList<>();
                        head = new Run(id, rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4),
                                rs.getBoolean(5), rs.getTimestamp(6).toInstant(), List.of());
                    }
                    Timestamp done = rs.getTimestamp(11);
                    items.add(new Item(rs.getString(7), rs.getInt(8), rs.getString(9), Optional.ofNullable(rs.getString(10)),
                            Optional.ofNullable(done).map(Timestamp::toInstant), Optional.ofNullable(rs.getString(12)),
                            Optional.ofNullable(rs.getString(13))));
                }
                if (head != null) {
                    out.add(withItems(head, items));
                }
            }
            return out;
        }
    }

    private static Run withItems(Run head, List<Item> items) {
        return new Run(head.id(), head.checklist(), head.scheduledAt(), head.channel(), head.late(), head.postedAt(), items);
    }

    private boolean query(String query, String name, Instant at) {
        return sql.first("read checklist_runs for " + name, query, ps -> {
            ps.setString(1, name);
            ps.setTimestamp(2, Timestamp.from(at));
        }, rs -> true).isPresent();
    }

    private String newId() {
        StringBuilder id = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
