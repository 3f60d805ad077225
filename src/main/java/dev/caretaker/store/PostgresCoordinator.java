package dev.caretaker.store;

import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link Coordinator} on Caretaker's own PostgreSQL ({@code coordinator_keys}): every claim and lease is one
 * statement on a unique key, timed by PostgreSQL's clock, so replicas agree without Redis. {@link FallbackCoordinator}
 * writes each Redis claim and lease here too and answers from here alone while Redis is lost.
 */
@Singleton
public class PostgresCoordinator implements Coordinator {

    /** One claim in this many also deletes keys that ran out, so the table stays as small as the live keys. */
    private static final int PRUNE_EVERY = 200;
    private static final String LEASE = "lease:";
    private static final String GENERATION = "generation:";

    private final Sql sql;
    private final AtomicInteger claims = new AtomicInteger();

    PostgresCoordinator(Sql sql) {
        this.sql = sql;
    }

    @Override
    public boolean claim(String key, Duration ttl) {
        if (claims.incrementAndGet() % PRUNE_EVERY == 0) {
            sql.update("delete expired coordinator keys",
                    "delete from coordinator_keys where expires_at < clock_timestamp() - interval '1 minute'", ps -> {
                    });
        }
        return sql.first("claim " + key, """
                insert into coordinator_keys (key, expires_at) values (?, clock_timestamp() + ? * interval '1 millisecond')
                on conflict (key) do update set expires_at = excluded.expires_at, holder = null, count = 0
                  where coordinator_keys.expires_at <= clock_timestamp()
                returning key""", ps -> {
            ps.setString(1, key);
            ps.setLong(2, ttl.toMillis());
        }, rs -> rs.getString(1)).isPresent();
    }

    @Override
    public Optional<Duration> remaining(String key) {
        return sql.first("read claim " + key, """
                select ceil(extract(epoch from expires_at - clock_timestamp()) * 1000)::bigint from coordinator_keys
                where key = ? and expires_at > clock_timestamp()""", ps -> ps.setString(1, key),
                rs -> Duration.ofMillis(Math.max(0, rs.getLong(1))));
    }

    @Override
    public void release(String key) {
        sql.update("release " + key, "delete from coordinator_keys where key = ?", ps -> ps.setString(1, key));
    }

    @Override
    public long increment(String key, Duration window) {
        return sql.first("count " + key, """
                insert into coordinator_keys (key, count, expires_at)
                values (?, 1, clock_timestamp() + ? * interval '1 millisecond')
                on conflict (key) do update set
                  count = case when coordinator_keys.expires_at <= clock_timestamp() then 1
                               else coordinator_keys.count + 1 end,
                  expires_at = case when coordinator_keys.expires_at <= clock_timestamp() then excluded.expires_at
                                    else coordinator_keys.expires_at end
                returning count""", ps -> {
            ps.setString(1, key);
            ps.setLong(2, window.toMillis());
        }, rs -> rs.getLong(1)).orElse(0L);
    }

    @Override
    public boolean acquireLease(String name, String holder, Duration ttl) {
        return sql.first("take the " + name + " lease", """
                insert into coordinator_keys (key, holder, expires_at)
                values (?, ?, clock_timestamp() + ? * interval '1 millisecond')
                on conflict (key) do update set holder = excluded.holder, expires_at = excluded.expires_at
                  where coordinator_keys.holder = excluded.holder or coordinator_keys.expires_at <= clock_timestamp()
                returning holder""", ps -> {
            ps.setString(1, LEASE + name);
            ps.setString(2, holder);
            ps.setLong(3, ttl.toMillis());
        }, rs -> rs.getString(1)).isPresent();
    }

    @Override
    public void releaseLease(String name, String holder) {
        sql.update("release the " + name + " lease", "delete from coordinator_keys where key = ? and holder = ?", ps -> {
            ps.setString(1, LEASE + name);
            ps.setString(2, holder);
        });
    }

    @Override
    public Optional<String> leaseHolder(String name) {
        return sql.first("read the " + name + " lease", """
                select holder from coordinator_keys where key = ? and expires_at > clock_timestamp()""",
                ps -> ps.setString(1, LEASE + name), rs -> rs.getString(1));
    }

    @Override
    public long generation(String name) {
        return sql.first("read generation " + name, "select count from coordinator_keys where key = ?",
                ps -> ps.setString(1, GENERATION + name), rs -> rs.getLong(1)).orElse(0L);
    }

    @Override
    public long advance(String name) {
        return advanceTo(name, 0);
    }

    /**
     * Adds one to the generation, never ending below {@code atLeast}: {@link FallbackCoordinator} passes what Redis
     * answered, so the copy here keeps up with it and a replica reading it after Redis is lost sees no step back.
     */
    long advanceTo(String name, long atLeast) {
        return sql.first("advance generation " + name, """
                insert into coordinator_keys (key, count, expires_at) values (?, greatest(1, ?), null)
                on conflict (key) do update set count = greatest(coordinator_keys.count + 1, excluded.count)
                returning count""", ps -> {
            ps.setString(1, GENERATION + name);
            ps.setLong(2, atLeast);
        }, rs -> rs.getLong(1)).orElse(0L);
    }

    @Override
    public boolean ping() {
        try {
            return sql.first("ping the database", "select 1", ps -> {
            }, rs -> rs.getInt(1)).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return "postgresql";
    }
}
