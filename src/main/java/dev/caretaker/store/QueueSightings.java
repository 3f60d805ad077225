package dev.caretaker.store;

import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * When Caretaker first saw each waiting job of a queue whose jobs carry no time of their own: shared by replicas,
 * so a waiting age survives restarts and a change of leader.
 */
@Singleton
public class QueueSightings {

    /**
     * One statement, so it is atomic without a transaction: add the ids not seen before, forget this queue's ids that
     * are no longer waiting, answer the first sightings of the waiting ones. The final select cannot see the rows the
     * insert adds (one snapshot), hence the union with what the insert returns.
     */
    private static final String OBSERVE = """
            with waiting as (select unnest(?::text[]) as job),
            added as (
              insert into queue_sightings (target, queue, job, first_seen)
              select ?, ?, job, ? from waiting
              on conflict (target, queue, job) do nothing
              returning job, first_seen),
            gone as (
              delete from queue_sightings s where s.target = ? and s.queue = ?
              and not exists (select 1 from waiting w where w.job = s.job))
            select s.job, s.first_seen from queue_sightings s join waiting w on w.job = s.job
            where s.target = ? and s.queue = ?
            union all
            select job, first_seen from added""";

    private final Sql sql;

    QueueSightings(Sql sql) {
        this.sql = sql;
    }

    /** Records the waiting ids not seen before at {@code now}; answers when each waiting id was first seen. */
    public Map<String, Instant> observe(String target, String queue, Collection<String> waiting, Instant now) {
        return sql.run("record the waiting jobs of queue " + queue + " of " + target, c -> {
            Map<String, Instant> out = new HashMap<>();
            for (Sightings s : Sql.list(c, OBSERVE, ps -> {
                ps.setArray(1, c.createArrayOf("text", waiting.toArray()));
                ps.setString(2, target);
                ps.setString(3, queue);
                ps.setTimestamp(4, Sql.ts(now));
                ps.setString(5, target);
                ps.setString(6, queue);
                ps.setString(7, target);
                ps.setString(8, queue);
            }, rs -> new Sightings(rs.getString(1), Sql.instant(rs.getTimestamp(2))))) {
                out.put(s.job(), s.firstSeen());
            }
            return out;
        });
    }

    private record Sightings(String job, Instant firstSeen) {
    }
}
