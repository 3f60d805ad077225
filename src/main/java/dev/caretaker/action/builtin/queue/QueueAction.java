package dev.caretaker.action.builtin.queue;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.command.CommandMessages;
import dev.caretaker.target.redis.QueueTarget;
import dev.caretaker.target.redis.RedisException;
import dev.caretaker.target.redis.RedisMessages;
import dev.caretaker.target.redis.RedisTargets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;

/**
 * What every queue action shares: find the queue target ({@code target=} or the only one), run, and turn a
 * {@link RedisException} of its broker into one sentence (logged with the request id and the kind only).
 */
abstract class QueueAction implements Action {

    private static final Logger LOG = LoggerFactory.getLogger(QueueAction.class);

    private final RedisTargets targets;

    QueueAction(RedisTargets targets) {
        this.targets = targets;
    }

    @Override
    public final ActionResult run(ActionContext context) {
        return withTarget(context, this::run);
    }

    /** Work on one queue target. */
    @FunctionalInterface
    interface Work {
        ActionResult run(ActionContext context, QueueTarget queues) throws RedisException;
    }

    final ActionResult withTarget(ActionContext context, Work work) {
        Optional<String> name = context.args().string("target").or(() -> targets.only("queue"));
        if (name.isEmpty()) {
            Set<String> names = targets.queueNames();
            return ActionResult.failed(names.isEmpty() ? RedisMessages.noQueueTarget()
                    : RedisMessages.chooseQueueTarget(names));
        }
        Optional<QueueTarget> queues = targets.queue(name.get());
        if (queues.isEmpty()) {
            return ActionResult.failed(CommandMessages.unknownTarget("queue", name.get(), targets.queueNames()));
        }
        try {
            return work.run(context, queues.get());
        } catch (RedisException e) {
            LOG.warn("request {}: {} on {} failed: {}", context.requestId(), context.command().name(), e.target(),
                    e.kind());
            return ActionResult.failed(e.sentence(targets.redis(e.target()).orElseThrow().settings()));
        }
    }

    /** The {@code queue} argument when this target has such a queue (or jobs waiting under that name). */
    static Optional<ActionResult> unknownQueue(QueueTarget queues, String queue) throws RedisException {
        if (queues.knows(queue) || queues.length(queue) > 0) {
            return Optional.empty();
        }
        return Optional.of(ActionResult.failed(QueueMessages.unknownQueue(queues.name(), queue, queues.queues())));
    }

    abstract ActionResult run(ActionContext context, QueueTarget queues) throws RedisException;
}
