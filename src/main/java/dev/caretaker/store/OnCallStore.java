package dev.caretaker.store;

import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.caretaker.store.Sql.instant;
import static dev.caretaker.store.Sql.ts;

/**
 * On-call overrides and swaps ({@code oncall_overrides}, {@code oncall_swaps}) and the hand-off messages posted
 * ({@code oncall_handoffs}, claimed with a conditional insert so each hand-off is posted once).
 */
@Singleton
public class OnCallStore {

    /** Someone on call in a rotation from {@code startsAt} until {@code endsAt}, whatever the schedule says. */
    public record OnCallOverride(long id, String rotation, String person, Instant startsAt, Instant endsAt, String createdBy,
                           Instant createdAt) {

        public boolean covers(Instant at) {
            return !at.isBefore(startsAt) && at.isBefore(endsAt);
        }
    }

    /** Two people trading turns in a rotation from {@code startsAt} until {@code endsAt}. */
    public record OnCallSwap(long id, String rotation, String personA, String personB, Instant startsAt, Instant endsAt,
                       String createdBy, Instant createdAt) {

        public boolean covers(Instant at) {
            return !at.isBefore(startsAt) && at.isBefore(endsAt);
        }
    }

    private final Sql sql;

    OnCallStore(Sql sql) {
        this.sql = sql;
    }

    public OnCallOverride addOverride(String rotation, String person, Instant startsAt, Instant endsAt, String createdBy,
                                Instant now) {
        return sql.first("record an on-call override", """
                insert into oncall_overrides (rotation, person, starts_at, ends_at, created_by, created_at)
                values (?, ?, ?, ?, ?, ?)
                returning id, rotation, person, starts_at, ends_at, created_by, created_at""", ps -> {
                    ps.setString(1, rotation);
                    ps.setString(2, person);
                    ps.setTimestamp(3, ts(startsAt));
                    ps.setTimestamp(4, ts(endsAt));
                    ps.setString(5, createdBy);
                    ps.setTimestamp(6, ts(now));
                }, OnCallStore::override).orElseThrow();
    }

    /** Overrides of the rotation that end after {@code after}, oldest first (later ones win where they overlap). */
    public List<OnCallOverride> overrides(String rotation, Instant after) {
        return sql.list("read on-call overrides", """
                select id, rotation, person, starts_at, ends_at, created_by, created_at from oncall_overrides
                where rotation = ? and ends_at > ? order by created_at, id""", ps -> {
                    ps.setString(1, rotation);
                    ps.setTimestamp(2, ts(after));
                }, OnCallStore::override);
    }

    public OnCallSwap addSwap(String rotation, String personA, String personB, Instant startsAt, Instant endsAt,
                        String createdBy, Instant now) {
        return sql.first("record an on-call swap", """
                insert into oncall_swaps (rotation, person_a, person_b, starts_at, ends_at, created_by, created_at)
                values (?, ?, ?, ?, ?, ?, ?)
                returning id, rotation, person_a, person_b, starts_at, ends_at, created_by, created_at""", ps -> {
                    ps.setString(1, rotation);
                    ps.setString(2, personA);
                    ps.setString(3, personB);
                    ps.setTimestamp(4, ts(startsAt));
                    ps.setTimestamp(5, ts(endsAt));
                    ps.setString(6, createdBy);
                    ps.setTimestamp(7, ts(now));
                }, OnCallStore::swap).orElseThrow();
    }

    /** Swaps of the rotation that end after {@code after}, oldest first. */
    public List<OnCallSwap> swaps(String rotation, Instant after) {
        return sql.list("read on-call swaps", """
                select id, rotation, person_a, person_b, starts_at, ends_at, created_by, created_at from oncall_swaps
                where rotation = ? and ends_at > ? order by created_at, id""", ps -> {
                    ps.setString(1, rotation);
                    ps.setTimestamp(2, ts(after));
                }, OnCallStore::swap);
    }

    /** Claims posting the hand-off of {@code rotation} at {@code at}, in the caller's transaction; false when posted already. */
    public boolean claimHandoff(String rotation, Instant at, Instant now) {
        return sql.update("claim the hand-off of " + rotation, """
                insert into oncall_handoffs (rotation, handoff_at, posted_at) values (?, ?, ?)
                on conflict (rotation, handoff_at) do nothing""", ps -> {
                    ps.setString(1, rotation);
                    ps.setTimestamp(2, ts(at));
                    ps.setTimestamp(3, ts(now));
                }) == 1;
    }

    /** When the hand-off of {@code rotation} at {@code at} was posted, if it was. */
    public Optional<Instant> handoffPosted(String rotation, Instant at) {
        return sql.first("read hand-offs of " + rotation,
                "select posted_at from oncall_handoffs where rotation = ? and handoff_at = ?", ps -> {
                    ps.setString(1, rotation);
                    ps.setTimestamp(2, ts(at));
                }, rs -> instant(rs.getTimestamp(1)));
    }

    private static OnCallOverride override(ResultSet rs) throws SQLException {
        return new OnCallOverride(rs.getLong("id"), rs.getString("rotation"), rs.getString("person"),
                instant(rs.getTimestamp("starts_at")), instant(rs.getTimestamp("ends_at")), rs.getString("created_by"),
                instant(rs.getTimestamp("created_at")));
    }

    private static OnCallSwap swap(ResultSet rs) throws SQLException {
        return new OnCallSwap(rs.getLong("id"), rs.getString("rotation"), rs.getString("person_a"), rs.getString("person_b"),
                instant(rs.getTimestamp("starts_at")), instant(rs.getTimestamp("ends_at")), rs.getString("created_by"),
                instant(rs.getTimestamp("created_at")));
    }
}
