package dev.caretaker.action.builtin.cache;

import dev.caretaker.action.builtin.BuiltinFormat;
import dev.caretaker.reply.Format;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.target.redis.RedisException;
import dev.caretaker.target.redis.RedisInfo;
import dev.caretaker.target.redis.RedisTarget;
import dev.caretaker.target.redis.RedisTargets;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code cache stats}: memory (used, peak, max, policy, fragmentation), hit rate since start and since the previous
 * {@code cache stats}, evicted and expired keys, clients, commands per second, keys per database, persistence, role
 * and replication, all from one {@code INFO}.
 */
@Singleton
@Named("cache.stats")
public final class CacheStatsAction extends CacheAction {

    /** The runbooks' memory levels: warn at 80 %, critical at 90 % of maxmemory. */
    static final double MEMORY_WARN = 80;
    static final double MEMORY_CRITICAL = 90;

    public CacheStatsAction(RedisTargets targets) {
        super(targets);
    }

    @Override
    ActionResult run(ActionContext context, RedisTarget redis) throws RedisException {
        RedisTarget.Readings readings = redis.statusReadings();
        RedisInfo i = readings.now();
        Optional<RedisInfo> before = readings.before();
        List<Block.Field> fields = new ArrayList<>();
        OptionalDouble used = i.memoryUsedPercent();
        String percent = used.isPresent() ? CacheFormat.decimal(used.getAsDouble()) + "%" : BuiltinFormat.NONE;
        fields.add(new Block.Field(CacheMessages.MEMORY, i.maxMemory() > 0
                ? CacheMessages.memory(BuiltinFormat.bytes(i.usedMemory()), BuiltinFormat.bytes(i.maxMemory()), percent,
                BuiltinFormat.bytes(i.peakMemory()))
                : CacheMessages.memoryNoLimit(BuiltinFormat.bytes(i.usedMemory()), BuiltinFormat.bytes(i.peakMemory()),
                i.systemMemory() > 0 ? BuiltinFormat.bytes(i.systemMemory()) : "", percent)));
        fields.add(new Block.Field(CacheMessages.POLICY, i.evictionPolicy()));
        fields.add(new Block.Field(CacheMessages.FRAGMENTATION, i.fragmentation().isPresent()
                ? String.format(java.util.Locale.ROOT, "%.2f", i.fragmentation().getAsDouble()) : BuiltinFormat.NONE));
        fields.add(new Block.Field(CacheMessages.HIT_RATE, i.hitRate().isPresent()
                ? CacheMessages.hitRate(BuiltinFormat.percent(i.hitRate()), BuiltinFormat.count(i.hits()),
                BuiltinFormat.count(i.misses())) : CacheMessages.noReads()));
        fields.add(new Block.Field(CacheMessages.HIT_RATE_RECENT, recentHitRate(i, before)));
        fields.add(new Block.Field(CacheMessages.EVICTED, BuiltinFormat.count(i.evictedKeys())));
        fields.add(new Block.Field(CacheMessages.EXPIRED, BuiltinFormat.count(i.expiredKeys())));
        fields.add(new Block.Field(CacheMessages.CLIENTS, CacheMessages.clients(i.connectedClients(), i.blockedClients())));
        fields.add(new Block.Field(CacheMessages.OPS, ops(i, before)));
        fields.add(new Block.Field(CacheMessages.PERSISTENCE, persistence(i)));
        fields.add(new Block.Field(CacheMessages.REPLICATION, i.role().equals("slave")
                ? CacheMessages.replica(i.primaryLink().orElse("?")) : CacheMessages.primary(i.connectedReplicas())));
        fields.add(new Block.Field(CacheMessages.UPTIME, dev.caretaker.reply.Format.human(i.uptime())));

        Severity severity = Severity.OK;
        if (used.isPresent() && used.getAsDouble() >= MEMORY_CRITICAL && i.maxMemory() > 0) {
            severity = Severity.CRITICAL;
        } else if ((used.isPresent() && used.getAsDouble() >= MEMORY_WARN && i.maxMemory() > 0)
                || i.rdbLastSaveStatus().filter(s -> !s.equals("ok")).isPresent()
                || i.aofLastWriteStatus().filter(s -> i.aofEnabled() && !s.equals("ok")).isPresent()) {
            severity = Severity.WARN;
        }
        Reply.Builder reply = Reply.builder().header(CacheMessages.statsHeader(redis.name(), i.version(), i.role()))
                .severity(severity).fields(fields);
        Map<Integer, RedisInfo.Keyspace> keyspace = i.keyspace();
        if (keyspace.isEmpty()) {
            reply.text(CacheMessages.noKeys());
        } else {
            List<List<String>> rows = new ArrayList<>();
            keyspace.forEach((db, k) -> rows.add(List.of(String.valueOf(db), BuiltinFormat.count(k.keys()),
                    BuiltinFormat.count(k.expires()))));
            reply.table(List.of(CacheMessages.KEYS_DB, CacheMessages.KEYS_COUNT, CacheMessages.KEYS_EXPIRES), rows);
        }
        return ActionResult.ok(reply.build());
    }

    private static String recentHitRate(RedisInfo now, Optional<RedisInfo> before) {
        if (before.isEmpty()) {
            return CacheMessages.firstReading();
        }
        Duration interval = Duration.between(before.get().at(), now.at());
        OptionalDouble rate = now.hitRateSince(before.get());
        return rate.isPresent() ? CacheMessages.overLast(BuiltinFormat.percent(rate), interval)
                : CacheMessages.noReadsMeanwhile(interval);
    }

    private static String ops(RedisInfo now, Optional<RedisInfo> before) {
        if (before.isEmpty()) {
            return CacheMessages.opsNow(CacheMessages.firstReading(), now.instantaneousOps());
        }
        OptionalDouble ops = now.opsPerSecondSince(before.get());
        String recent = ops.isPresent() ? CacheMessages.overLast(CacheFormat.decimal(ops.getAsDouble()),
                Duration.between(before.get().at(), now.at())) : BuiltinFormat.NONE;
        return CacheMessages.opsNow(recent, now.instantaneousOps());
    }

    private static String persistence(RedisInfo i) {
        Instant at = i.at();
        String rdb = i.rdbLastSave().map(t -> CacheMessages.rdb(i.rdbLastSaveStatus().orElse("?"),
                CacheMessages.ago(Duration.between(t, at)), i.changesSinceSave())).orElse(CacheMessages.rdbNever());
        return rdb + "; " + CacheMessages.aof(i.aofEnabled(), i.aofLastWriteStatus().orElse("?"));
    }
}
