package dev.caretaker.store;

import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Optional;

import static dev.caretaker.store.Sql.instant;
import static dev.caretaker.store.Sql.ts;

/**
 * {@code schedule_runs} and {@code schedule_states}: which scheduled instants of each scheduled command were claimed
 * and what came of them, and which schedules are paused. A run is claimed with one conditional insert before the
 * command starts, so it runs once whatever the number of replicas or restarts.
 */
@Singleton
public class ScheduleStore {

    /** The newest run of a schedule, as {@code schedule list} shows it. */
    public record Run(Instant scheduledAt, boolean late, Instant startedAt, String requestId, Optional<String> outcome,
                      Optional<Instant> finishedAt) {
    }

    /** Whether a schedule is paused, by whom and since when (or resumed, by whom, when). */
    public record State(boolean paused, String changedBy, Instant changedAt) {
    }

    private final Sql sql;

    ScheduleStore(Sql sql) {
        this.sql = sql;
    }

    public boolean exists(String schedule, Instant scheduledAt) {
        return sql.first("read schedule_runs of " + schedule,
                "select 1 from schedule_runs where schedule = ? and scheduled_at = ?", ps -> {
                    ps.setString(1, schedule);
                    ps.setTimestamp(2, ts(scheduledAt));
                }, rs -> true).isPresent();
    }

    /** Whether the schedule ever ran before {@code before} (a first start does not run a late one). */
    public boolean ranBefore(String schedule, Instant before) {
        return sql.first("read schedule_runs of " + schedule,
                "select 1 from schedule_runs where schedule = ? and scheduled_at < ? limit 1", ps -> {
                    ps.setString(1, schedule);
                    ps.setTimestamp(2, ts(before));
                }, rs -> true).isPresent();
    }

    /** Claims a scheduled instant for this replica; false when it was claimed already (by anyone). */
    public boolean claim(String schedule, Instant scheduledAt, boolean late, Instant now, String replica,
                         String requestId) {
        return sql.update("claim schedule " + schedule, """
                insert into schedule_runs (schedule, scheduled_at, late, started_at, replica, request_id)
                values (?, ?, ?, ?, ?, ?) on conflict (schedule, scheduled_at) do nothing""", ps -> {
                    ps.setString(1, schedule);
                    ps.setTimestamp(2, ts(scheduledAt));
                    ps.setBoolean(3, late);
                    ps.setTimestamp(4, ts(now));
                    ps.setString(5, replica);
                    ps.setString(6, requestId);
                }) == 1;
    }

    /** Records what came of a claimed run (in the caller's transaction, beside the outbox message that reports it). */
    public void finish(String schedule, Instant scheduledAt, String outcome, String detail, Instant at) {
        sql.update("finish schedule run " + schedule, """
                update schedule_runs set outcome = ?, detail = ?, finished_at = ?
                where schedule = ? and scheduled_at = ?""", ps -> {
                    ps.setString(1, outcome);
                    ps.setString(2, detail);
                    ps.setTimestamp(3, ts(at));
                    ps.setString(4, schedule);
                    ps.setTimestamp(5, ts(scheduledAt));
                });
    }

    public Optional<Run> latest(String schedule) {
        return sql.first("read schedule_runs of " + schedule, """
                select scheduled_at, late, started_at, request_id, outcome, finished_at from schedule_runs
                where schedule = ? order by scheduled_at desc limit 1""", ps -> ps.setString(1, schedule),
                rs -> new Run(instant(rs.getTimestamp(1)), rs.getBoolean(2), instant(rs.getTimestamp(3)), rs.getString(4),
                        Optional.ofNullable(rs.getString(5)), Optional.ofNullable(instant(rs.getTimestamp(6)))));
    }

    /** How many runs of a schedule were claimed (for tests and {@code schedule list}). */
    public int count(String schedule) {
        return sql.first("count schedule runs of " + schedule, "select count(*) from schedule_runs where schedule = ?",
                ps -> ps.setString(1, schedule), rs -> rs.getInt(1)).orElse(0);
    }

    public Optional<State> state(String schedule) {
        return sql.first("read the state of schedule " + schedule,
                "select paused, changed_by, changed_at from schedule_states where schedule = ?",
                ps -> ps.setString(1, schedule), rs -> new State(rs.getBoolean(1), rs.getString(2), instant(rs.getTimestamp(3))));
    }

    /** Pauses or resumes a schedule; false when it already was in that state. */
    public boolean setPaused(String schedule, boolean paused, String by, Instant at) {
        return sql.update((paused ? "pause" : "resume") + " schedule " + schedule, """
                insert into schedule_states (schedule, paused, changed_by, changed_at) values (?, ?, ?, ?)
                on conflict (schedule) do update set paused = excluded.paused, changed_by = excluded.changed_by,
                                                     changed_at = excluded.changed_at
                where schedule_states.paused <> excluded.paused""", ps -> {
                    ps.setString(1, schedule);
                    ps.setBoolean(2, paused);
                    ps.setString(3, by);
                    ps.setTimestamp(4, ts(at));
                }) == 1;
    }
}
