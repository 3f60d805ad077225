package dev.caretaker.action.builtin.db;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Format;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.target.postgres.ActivityQueries;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresException;

/** Replies for {@code db cancel} and {@code db terminate}, which differ only in the signal and its sentence. */
final class DbSignal {

    private DbSignal() {
    }

    private static ActionResult reply(ActivityQueries.Signal signal, boolean terminate) {
        return switch (signal.outcome()) {
            case SENT -> ActionResult.ok(Reply.builder().severity(Severity.OK).text(terminate
                    ? DbMessages.dbTerminateSent(signal.pid(), signal.user())
                    : DbMessages.dbCancelSent(signal.pid(), signal.user(), signal.duration().map(Format::human).orElse("")))
                    .build());
            case NO_SUCH_PID -> ActionResult.failed(DbMessages.dbNoSuchPid(signal.pid()));
            case OWN_SESSION -> ActionResult.failed(DbMessages.dbOwnSession(signal.pid()));
            case NOT_SENT -> ActionResult.failed(DbMessages.dbSignalNotSent(signal.pid()));
        };
    }

    /** Sends the signal to the {@code pid} arg; pids are positive ints, anything else names no session. */
    static ActionResult send(ActionContext context, PostgresClient db, boolean terminate) throws PostgresException {
        long pid = context.args().integer("pid").orElse(0L);
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            return ActionResult.failed(DbMessages.dbNoSuchPid(pid));
        }
        ActivityQueries activity = db.activity();
        return reply(terminate ? activity.terminate((int) pid) : activity.cancel((int) pid), terminate);
    }
}
