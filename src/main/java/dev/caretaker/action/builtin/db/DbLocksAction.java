package dev.caretaker.action.builtin.db;

import dev.caretaker.action.builtin.BuiltinFormat;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Format;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.ActivityQueries;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/** {@code db locks}: who waits for whom, for how long, on which relation, and who is at the root of each chain. */
@Singleton
@Named("db.locks")
public final class DbLocksAction extends DbAction {

    public DbLocksAction(PostgresTargets targets) {
        super(targets);
    }

    @Override
    ActionResult run(ActionContext context, PostgresClient db) throws PostgresException {
        ActivityQueries.LockReport report = db.activity().locks();
        if (report.waits().isEmpty()) {
            return ActionResult.ok(Reply.builder().severity(Severity.OK).text(DbMessages.dbLocksNone(db.name())).build());
        }
        List<List<String>> rows = new ArrayList<>();
        for (ActivityQueries.LockWait w : report.waits()) {
            String wants = w.wantedMode().isEmpty() ? w.lockType() : w.wantedMode() + " (" + w.lockType() + ")";
            rows.add(List.of(String.valueOf(w.blockedPid()), w.blockedUser(), Format.human(w.waiting()), wants,
                    w.relation().isEmpty() ? BuiltinFormat.NONE : w.relation(), w.blockedQuery(),
                    String.valueOf(w.blockingPid()), w.blockingState(), Format.human(w.blockingFor()), w.blockingQuery()));
        }
        Reply.Builder reply = Reply.builder()
                .header(DbMessages.dbLocksHeader(db.name(), (int) report.waits().stream()
                        .mapToInt(ActivityQueries.LockWait::blockedPid).distinct().count()))
                .severity(Severity.WARN)
                .table(DbMessages.locksColumns(), rows);
        if (!report.rootBlockers().isEmpty()) {
            reply.text(DbMessages.dbLocksRoots(report.rootBlockers()));
        }
        return ActionResult.ok(reply.build());
    }
}
