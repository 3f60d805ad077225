package dev.caretaker.action.builtin.cache;

import dev.caretaker.action.builtin.BuiltinFormat;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Reply;
import dev.caretaker.target.redis.RedisException;
import dev.caretaker.target.redis.RedisTarget;
import dev.caretaker.target.redis.RedisTargets;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cache keys pattern=<glob> [limit=20]}: a sample of the matching keys found with {@code SCAN} (never
 * {@code KEYS}, which stops the server while it walks every key), with each key's type, TTL and memory use.
 */
@Singleton
@Named("cache.keys")
public final class CacheKeysAction extends CacheAction {

    private final Clock clock;

    public CacheKeysAction(RedisTargets targets, Clock clock) {
        super(targets);
        this.clock = clock;
    }

    @Override
    ActionResult run(ActionContext context, RedisTarget redis) throws RedisException {
        String pattern = context.args().string("pattern").orElse("*");
        int limit = (int) Math.max(1, context.args().integer("limit").orElse(20L));
        RedisTarget.Sample sample = redis.sample(pattern, limit, Deadlines.of(context, clock));
        if (sample.keys().isEmpty()) {
            return ActionResult.ok(Reply.text(sample.complete() ? CacheMessages.keysNone(redis.name(), pattern)
                    : CacheMessages.keysStoppedEarly(0)));
        }
        List<List<String>> rows = new ArrayList<>();
        for (RedisTarget.KeyInfo k : redis.describe(sample.keys())) {
            rows.add(k.gone() ? List.of(k.key(), CacheMessages.GONE, BuiltinFormat.NONE, BuiltinFormat.NONE)
                    : List.of(k.key(), k.type(), CacheFormat.ttl(k.ttl()),
                    k.bytes().map(BuiltinFormat::bytes).orElse(BuiltinFormat.NONE)));
        }
        int n = sample.keys().size();
        String note = sample.complete() ? CacheMessages.keysAll(n)
                : n >= limit ? CacheMessages.keysSample(n) : CacheMessages.keysStoppedEarly(n);
        return ActionResult.ok(Reply.builder().header(CacheMessages.keysHeader(redis.name(), pattern))
                .table(List.of(CacheMessages.KEY, CacheMessages.TYPE, CacheMessages.TTL, CacheMessages.SIZE), rows)
                .text(note).build());
    }
}
