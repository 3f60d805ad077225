package dev.caretaker.action.builtin.cache;

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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code cache clear pattern=<glob>} (confirm): the preview counts the matching keys with {@code SCAN}; after the
 * click they are deleted with {@code SCAN} + {@code UNLINK} one batch at a time, so Redis answers everyone else
 * between batches and frees the memory in the background. Progress is one edited message; at the command's timeout
 * it stops between batches and says how far it got. {@code *} alone is refused: that is {@code cache flush}.
 */
@Singleton
@Named("cache.clear")
public final class CacheClearAction extends CacheAction implements Previewing {

    /** The longest a preview spends counting; past it, the count is "at least". */
    static final Duration PREVIEW_COUNT = Duration.ofSeconds(10);

    private final Clock clock;

    public CacheClearAction(RedisTargets targets, Clock clock) {
        super(targets);
        this.clock = clock;
    }

    @Override
    public ActionResult preview(ActionContext context) {
        return withTarget(context, (ctx, redis) -> {
            String pattern = ctx.args().string("pattern").orElse("");
            ActionResult refused = refusal(pattern, redis);
            if (refused != null) {
                return refused;
            }
            Instant start = clock.instant();
            RedisTarget.Count count = redis.count(pattern, Deadlines.capped(ctx, clock, PREVIEW_COUNT));
            if (count.complete() && count.keys() == 0) {
                return ActionResult.ok(Reply.text(CacheMessages.previewNone(redis.name(), pattern)));
            }
            String n = count.complete() ? CacheMessages.countComplete(count.keys())
                    : CacheMessages.countAtLeast(count.keys(), Duration.between(start, clock.instant()));
            return ActionResult.ok(Reply.builder().fields(List.of(new Block.Field(CacheMessages.MATCHING, n)))
                    .text(CacheMessages.previewWillDelete()).build());
        });
    }

    @Override
    ActionResult run(ActionContext context, RedisTarget redis) throws RedisException {
        String pattern = context.args().string("pattern").orElse("");
        ActionResult refused = refusal(pattern, redis);
        if (refused != null) {
            return refused;
        }
        RedisTarget.Clearing done = redis.clear(pattern, Deadlines.of(context, clock), p -> context.progress().update(
                CacheMessages.clearProgress(redis.name(), p.deleted(), p.batches(), p.took())));
        Reply.Builder reply = Reply.builder().header(CacheMessages.clearedHeader(redis.name()))
                .severity(done.stopped() ? Severity.WARN : Severity.OK)
                .text(CacheMessages.cleared(done.deleted(), pattern, done.batches(), done.took()));
        if (done.gone() > 0) {
            reply.text(CacheMessages.clearedGone(done.gone()));
        }
        if (done.stopped()) {
            reply.text(CacheMessages.clearStopped(context.command().timeout()));
        }
        return ActionResult.ok(reply.build());
    }

    /** A pattern that must not run: none, or {@code *} alone (every key), which is {@code cache flush}'s job. */
    private static ActionResult refusal(String pattern, RedisTarget redis) {
        if (pattern.isBlank()) {
            return ActionResult.failed(CacheMessages.clearPatternEmpty());
        }
        if (pattern.strip().chars().allMatch(c -> c == '*')) {
            return ActionResult.failed(CacheMessages.clearStarRefused(redis.name()));
        }
        return null;
    }
}
