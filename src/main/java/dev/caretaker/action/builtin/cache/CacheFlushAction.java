package dev.caretaker.action.builtin.cache;

import dev.caretaker.action.builtin.BuiltinFormat;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.action.Previewing;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.target.redis.RedisException;
import dev.caretaker.target.redis.RedisTarget;
import dev.caretaker.target.redis.RedisTargets;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.OptionalInt;

/**
 * {@code cache flush [db]} (admin, confirm): {@code FLUSHDB ASYNC} on the target's database or on {@code db}; the
 * preview says how many keys it holds now.
 */
@Singleton
@Named("cache.flush")
public final class CacheFlushAction extends CacheAction implements Previewing {

    public CacheFlushAction(RedisTargets targets) {
        super(targets);
    }

    @Override
    public ActionResult preview(ActionContext context) {
        return withTarget(context, (ctx, redis) -> {
            int db = database(ctx, redis);
            long keys;
            try {
                keys = db == redis.settings().database() ? redis.size() : redis.keysIn(db);
            } catch (RedisException e) {
                return outOfRange(e, ctx, db);
            }
            return ActionResult.ok(Reply.builder().fields(List.of(new Block.Field(CacheMessages.DATABASE,
                    String.valueOf(db)), new Block.Field(CacheMessages.KEYS_NOW, BuiltinFormat.count(keys))))
                    .text(CacheMessages.flushPreview()).build());
        });
    }

    @Override
    ActionResult run(ActionContext context, RedisTarget redis) throws RedisException {
        int db = database(context, redis);
        long keys;
        try {
            keys = redis.flushAsync(context.args().has("db") ? OptionalInt.of(db) : OptionalInt.empty());
        } catch (RedisException e) {
            return outOfRange(e, context, db);
        }
        return ActionResult.ok(Reply.builder().severity(Severity.OK)
                .text(CacheMessages.flushed(redis.name(), db, keys)).build());
    }

    private static int database(ActionContext context, RedisTarget redis) {
        return context.args().integer("db").map(Long::intValue).orElse(redis.settings().database());
    }

    /** A database number given in the command that the server does not have is the user's input, not the config. */
    private static ActionResult outOfRange(RedisException e, ActionContext context, int db) throws RedisException {
        if (e.kind() == RedisException.Kind.NO_SUCH_DATABASE && context.args().has("db")) {
            return ActionResult.failed(CacheMessages.dbOutOfRange(db));
        }
        throw e;
    }
}
