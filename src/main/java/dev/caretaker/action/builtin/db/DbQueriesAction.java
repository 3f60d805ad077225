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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code db queries [min=5m]}: sessions busy (or idle in a transaction) longer than {@code min}, longest first. */
@Singleton
@Named("db.queries")
public final class DbQueriesAction extends DbAction {

    static final Duration DEFAULT_MIN = Duration.ofMinutes(5);

    public DbQueriesAction(PostgresTargets targets) {
        super(targets);
    }

    @Override
    ActionResult run(ActionContext context, PostgresClient db) throws PostgresException {
        Duration min = context.args().duration("min").orElse(DEFAULT_MIN);
        List<ActivityQueries.RunningQuery> queries = db.activity().longQueries(min);
        if (queries.isEmpty()) {
            return ActionResult.ok(Reply.builder().severity(Severity.OK).text(DbMessages.dbQueriesNone(db.name(), min)).build());
        }
        List<List<String>> rows = new ArrayList<>();
        for (ActivityQueries.RunningQuery q : queries) {
            rows.add(List.of(String.valueOf(q.pid()), q.user(), q.application(), q.state(), Format.human(q.duration()),
                    q.waitEvent().isEmpty() ? BuiltinFormat.NONE : q.waitEvent(), q.query()));
        }
        return ActionResult.ok(Reply.builder().header(DbMessages.dbQueriesHeader(db.name(), min)).severity(Severity.WARN)
                .table(DbMessages.queriesColumns(), rows)
                .text(DbMessages.dbQueriesHint()).build());
    }
}
