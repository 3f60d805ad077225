package dev.caretaker.action.builtin.db;

import dev.caretaker.action.builtin.BuiltinFormat;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Reply;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresException;
import dev.caretaker.target.postgres.SizeQueries;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/** {@code db sizes [limit=10]}: the largest tables with table, index and TOAST size, rows and dead-tuple ratio. */
@Singleton
@Named("db.sizes")
public final class DbSizesAction extends DbAction {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;

    public DbSizesAction(PostgresTargets targets) {
        super(targets);
    }

    @Override
    ActionResult run(ActionContext context, PostgresClient db) throws PostgresException {
        int limit = (int) Math.max(1, Math.min(MAX_LIMIT, context.args().integer("limit").orElse((long) DEFAULT_LIMIT)));
        List<SizeQueries.TableSize> tables = db.sizes().tables(limit);
        if (tables.isEmpty()) {
            return ActionResult.ok(Reply.text(DbMessages.dbSizesNone(db.name())));
        }
        List<List<String>> rows = new ArrayList<>();
        for (SizeQueries.TableSize t : tables) {
            rows.add(List.of(t.table(), BuiltinFormat.bytes(t.totalBytes()), BuiltinFormat.bytes(t.tableBytes()),
                    BuiltinFormat.bytes(t.indexBytes()), BuiltinFormat.bytes(t.toastBytes()), BuiltinFormat.count(t.rowEstimate()),
                    BuiltinFormat.count(t.deadTuples()) + " (" + BuiltinFormat.percent(t.deadRatio()) + ")"));
        }
        return ActionResult.ok(Reply.builder().header(DbMessages.dbSizesHeader(db.name()))
                .table(DbMessages.sizesColumns(), rows).build());
    }
}
