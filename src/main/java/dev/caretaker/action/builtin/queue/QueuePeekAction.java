package dev.caretaker.action.builtin.queue;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Reply;
import dev.caretaker.target.redis.QueueTarget;
import dev.caretaker.target.redis.RedisException;
import dev.caretaker.target.redis.RedisTargets;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code queue peek <queue> [limit=5]}: the next jobs to run with their task's name and how long they waited. The
 * arguments are never read: they may hold addresses, tokens or personal data.
 */
@Singleton
@Named("queue.peek")
public final class QueuePeekAction extends QueueAction {

    public QueuePeekAction(RedisTargets targets) {
        super(targets);
    }

    @Override
    ActionResult run(ActionContext context, QueueTarget queues) throws RedisException {
        String queue = context.args().string("queue").orElseThrow();
        Optional<ActionResult> unknown = unknownQueue(queues, queue);
        if (unknown.isPresent()) {
            return unknown.get();
        }
        int limit = (int) Math.max(1, context.args().integer("limit").orElse(5L));
        List<QueueTarget.Job> jobs = queues.peek(queue, limit);
        if (jobs.isEmpty()) {
            return ActionResult.ok(Reply.text(QueueMessages.peekEmpty(queues.name(), queue)));
        }
        List<List<String>> rows = new ArrayList<>();
        for (QueueTarget.Job j : jobs) {
            rows.add(List.of(j.task(), j.id(), j.age().map(QueueMessages::waited).orElse(QueueMessages.NONE)));
        }
        return ActionResult.ok(Reply.builder().header(QueueMessages.peekHeader(queues.name(), queue))
                .table(List.of(QueueMessages.TASK, QueueMessages.ID, QueueMessages.WAITED), rows)
                .text(QueueMessages.peekNote(jobs.size(), queues.length(queue))).build());
    }
}
