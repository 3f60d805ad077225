package dev.caretaker.action.builtin.queue;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.target.redis.QueueKind;
import dev.caretaker.target.redis.QueueTarget;
import dev.caretaker.target.redis.RedisException;
import dev.caretaker.target.redis.RedisTargets;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code queue stats}: per queue, jobs waiting, how long the oldest has waited (RQ's own {@code enqueued_at}; for
 * Celery, at least since Caretaker first saw it), jobs running and failed where the framework records them.
 */
@Singleton
@Named("queue.stats")
public final class QueueStatsAction extends QueueAction {

    /** The runbooks' line: a job waiting longer than this is a problem. */
    static final Duration LONG_WAIT = Duration.ofMinutes(10);
    /** The runbooks' line for failed jobs. */
    static final long MANY_FAILED = 10;
    /** The longest counting Celery's failed results may take. */
    static final Duration COUNT_FAILED = Duration.ofSeconds(10);

    private final Clock clock;

    public QueueStatsAction(RedisTargets targets, Clock clock) {
        super(targets);
        this.clock = clock;
    }

    @Override
    ActionResult run(ActionContext context, QueueTarget queues) throws RedisException {
        QueueTarget.Report report = queues.report(clock.instant().plus(COUNT_FAILED));
        Reply.Builder reply = Reply.builder().header(QueueMessages.statsHeader(queues.name(), report.kind().id(),
                queues.settings().broker()));
        if (report.queues().isEmpty()) {
            return ActionResult.ok(reply.text(QueueMessages.noQueues(queues.name())).build());
        }
        boolean rq = report.kind() == QueueKind.RQ;
        List<List<String>> rows = new ArrayList<>();
        Severity severity = Severity.OK;
        for (QueueTarget.QueueStats s : report.queues()) {
            List<String> row = new ArrayList<>(List.of(s.queue(), QueueMessages.count(s.length()),
                    s.oldest().map(QueueMessages::waited).orElse(QueueMessages.NONE)));
            if (rq) {
                row.add(QueueMessages.count(s.running().orElse(0)));
                row.add(QueueMessages.count(s.failed().orElse(0)));
            }
            rows.add(row);
            if (s.oldest().filter(w -> w.age().compareTo(LONG_WAIT) > 0).isPresent()) {
                severity = Severity.WARN;
            }
        }
        List<String> columns = new ArrayList<>(List.of(QueueMessages.QUEUE, QueueMessages.WAITING, QueueMessages.OLDEST));
        if (rq) {
            columns.add(QueueMessages.RUNNING);
            columns.add(QueueMessages.FAILED);
        }
        reply.table(columns, rows);
        if (report.kind() != QueueKind.RQ && report.queues().stream().anyMatch(s -> s.oldest().isPresent())) {
            reply.text(QueueMessages.atLeastNote());
        }
        if (report.kind() == QueueKind.CELERY) {
            reply.text(report.failed().map(QueueMessages::failedFromBackend)
                    .orElse(QueueMessages.noBackend(queues.name())));
        }
        if (report.failed().filter(f -> f.count() > MANY_FAILED).isPresent()) {
            severity = Severity.WARN;
        }
        return ActionResult.ok(reply.severity(severity).build());
    }
}
