package dev.caretaker.action.builtin.cache;

import dev.caretaker.command.CommandMessages;
import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.target.redis.RedisException;
import dev.caretaker.target.redis.RedisMessages;
import dev.caretaker.target.redis.RedisTarget;
import dev.caretaker.target.redis.RedisTargets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;

/**
 * What every cache action shares: find the redis target ({@code target=} or the only one), run, and turn a
 * {@link RedisException} into its one sentence (logged with the request id and the kind, never the driver's text).
 */
abstract class CacheAction implements Action {

    private static final Logger LOG = LoggerFactory.getLogger(CacheAction.class);

    private final RedisTargets targets;

    CacheAction(RedisTargets targets) {
        this.targets = targets;
    }

    @Override
    public final ActionResult run(ActionContext context) {
        return withTarget(context, this::run);
    }

    /** Work on one redis target. */
    @FunctionalInterface
    interface Work {
        ActionResult run(ActionContext context, RedisTarget redis) throws RedisException;
    }

    final ActionResult withTarget(ActionContext context, Work work) {
        Optional<String> name = context.args().string("target").or(() -> targets.only("redis"));
        if (name.isEmpty()) {
            Set<String> names = targets.redisNames();
            return ActionResult.failed(names.isEmpty() ? RedisMessages.noRedisTarget()
                    : RedisMessages.chooseRedisTarget(names));
        }
        Optional<RedisTarget> redis = targets.redis(name.get());
        if (redis.isEmpty()) {
            return ActionResult.failed(CommandMessages.unknownTarget("redis", name.get(), targets.redisNames()));
        }
        try {
            return work.run(context, redis.get());
        } catch (RedisException e) {
            LOG.warn("request {}: {} on {} failed: {}", context.requestId(), context.command().name(), e.target(),
                    e.kind());
            return ActionResult.failed(e.sentence(redis.get().settings()));
        }
    }

    abstract ActionResult run(ActionContext context, RedisTarget redis) throws RedisException;
}
