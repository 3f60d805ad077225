package dev.caretaker.action.builtin.queue;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.action.Previewing;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.target.redis.QueueTarget;
import dev.caretaker.target.redis.RedisException;
import dev.caretaker.target.redis.RedisTargets;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;

/**
 * {@code queue purge <queue>} (admin, confirm): the preview shows how many jobs wait; after the click they are removed
 * as the framework itself would (Celery's lists of every priority; RQ's ids and their job hashes, in short steps).
 */
@Singleton
@Named("queue.purge")
public final class QueuePurgeAction extends QueueAction implements Previewing {

    public QueuePurgeAction(RedisTargets targets) {
        super(targets);
    }

    @Override
    public ActionResult preview(ActionContext context) {
        return withTarget(context, (ctx, queues) -> {
            String queue = ctx.args().string("queue").orElseThrow();
            Optional<ActionResult> unknown = unknownQueue(queues, queue);
            if (unknown.isPresent()) {
                return unknown.get();
            }
            long waiting = queues.length(queue);
            if (waiting == 0) {
                return ActionResult.ok(Reply.text(QueueMessages.purgePreviewNone(queue)));
            }
            return ActionResult.ok(Reply.builder().fields(List.of(new Block.Field(QueueMessages.JOBS_NOW,
                    QueueMessages.count(waiting)))).text(QueueMessages.purgePreview()).build());
        });
    }

    @Override
    ActionResult run(ActionContext context, QueueTarget queues) throws RedisException {
        String queue = context.args().string("queue").orElseThrow();
        Optional<ActionResult> unknown = unknownQueue(queues, queue);
        if (unknown.isPresent()) {
            return unknown.get();
        }
        long removed = queues.purge(queue);
        return ActionResult.ok(Reply.builder().severity(Severity.OK)
                .text(QueueMessages.purged(queues.name(), queue, removed)).build());
    }
}
