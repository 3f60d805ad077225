package dev.caretaker.action.builtin.queue;

import dev.caretaker.reply.Format;
import dev.caretaker.target.redis.QueueTarget;

import java.util.Collection;
import java.util.Locale;

/** Every sentence, header and label of the {@code queue} commands. */
public final class QueueMessages {

    private QueueMessages() {
    }

    static final String NONE = "—";
    static final String QUEUE = "queue";
    static final String WAITING = "waiting";
    static final String OLDEST = "oldest waits";
    static final String RUNNING = "running";
    static final String FAILED = "failed";
    static final String TASK = "task";
    static final String ID = "id";
    static final String WAITED = "waiting for";
    static final String JOBS_NOW = "Jobs waiting now";

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String waited(QueueTarget.Waiting w) {
        return (w.atLeast() ? "at least " : "") + Format.human(w.age());
    }

    static String statsHeader(String target, String kind, String broker) {
        return "Queues of " + target + " (" + kind + " on " + broker + ")";
    }

    static String noQueues(String target) {
        return "`" + target + "` has no queues yet: RQ registers a queue when its first job is enqueued. Name them with "
                + "`queues:` under `caretaker.targets." + target + "` to watch them before that.";
    }

    static String atLeastNote() {
        return "Celery's messages carry no enqueue time: \"at least\" counts from when Caretaker first saw the job "
                + "waiting.";
    }

    static String failedFromBackend(QueueTarget.Failed failed) {
        return "Failed tasks in the result backend: " + (failed.complete() ? "" : "at least ") + count(failed.count())
                + (failed.complete() ? "." : " (counting stopped at its time limit).");
    }

    static String noBackend(String target) {
        return "Failed tasks are not counted: Celery keeps them in its result backend; name it with `backend:` under "
                + "`caretaker.targets." + target + "` when it is a redis target.";
    }

    static String unknownQueue(String target, String queue, Collection<String> known) {
        return "`" + target + "` has no queue `" + Format.echo(queue) + "` with jobs waiting"
                + (known.isEmpty() ? "" : "; it watches " + String.join(", ", known)) + ".";
    }

    static String peekHeader(String target, String queue) {
        return "Next jobs of " + queue + " on " + target;
    }

    static String peekEmpty(String target, String queue) {
        return "No job is waiting in `" + queue + "` on `" + target + "`.";
    }

    static String peekNote(int shown, long waiting) {
        return "The next " + shown + " of " + count(waiting) + " waiting, first to run first; their arguments are "
                + "never shown.";
    }

    static String purgePreviewNone(String queue) {
        return "No job is waiting in `" + queue + "`; nothing would be removed.";
    }

    static String purgePreview() {
        return "On Confirm every job waiting now is removed; running and failed jobs stay.";
    }

    static String purged(String target, String queue, long removed) {
        return "Removed " + count(removed) + (removed == 1 ? " job" : " jobs") + " waiting in `" + queue + "` on `"
                + target + "`.";
    }
}
