package dev.caretaker.action.builtin.db;

import dev.caretaker.action.builtin.BuiltinFormat;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Reply;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresException;
import dev.caretaker.target.postgres.StatementQueries;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/** {@code db slow [limit=10]}: top statements by mean and by total time, or how to enable pg_stat_statements. */
@Singleton
@Named("db.slow")
public final class DbSlowAction extends DbAction {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 50;

    public DbSlowAction(PostgresTargets targets) {
        super(targets);
    }

    @Override
    ActionResult run(ActionContext context, PostgresClient db) throws PostgresException {
        int limit = (int) Math.max(1, Math.min(MAX_LIMIT, context.args().integer("limit").orElse((long) DEFAULT_LIMIT)));
        StatementQueries.SlowStatements slow = db.statements().top(limit);
        switch (slow.availability()) {
            case NOT_INSTALLED -> {
                return ActionResult.failed(DbMessages.dbStatementsNotInstalled(db.name()));
            }
            case NOT_LOADED -> {
                return ActionResult.failed(DbMessages.dbStatementsNotLoaded(db.name()));
            }
            case AVAILABLE -> {
                // fall through to the rankings
            }
        }
        if (slow.byMean().isEmpty()) {
            return ActionResult.ok(Reply.text(DbMessages.dbSlowEmpty(db.name())));
        }
        List<String> columns = DbMessages.slowColumns();
        return ActionResult.ok(Reply.builder().header(DbMessages.dbSlowHeader(db.name()))
                .text(DbMessages.dbSlowByMean()).table(columns, rows(slow.byMean()))
                .text(DbMessages.dbSlowByTotal()).table(columns, rows(slow.byTotal())).build());
    }

    private static List<List<String>> rows(List<StatementQueries.SlowStatement> statements) {
        List<List<String>> rows = new ArrayList<>();
        for (StatementQueries.SlowStatement s : statements) {
            rows.add(List.of(BuiltinFormat.count(s.calls()), DbFormat.millis(s.mean()), DbFormat.millis(s.total()),
                    BuiltinFormat.count(s.rows()), s.query()));
        }
        return rows;
    }
}
