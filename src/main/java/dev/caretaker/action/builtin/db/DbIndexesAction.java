package dev.caretaker.action.builtin.db;

import dev.caretaker.action.builtin.BuiltinFormat;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresException;
import dev.caretaker.target.postgres.SizeQueries;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/** {@code db indexes}: unused indexes, duplicate indexes, and large tables that sequential scans read. */
@Singleton
@Named("db.indexes")
public final class DbIndexesAction extends DbAction {

    public DbIndexesAction(PostgresTargets targets) {
        super(targets);
    }

    @Override
    ActionResult run(ActionContext context, PostgresClient db) throws PostgresException {
        SizeQueries.IndexReport r = db.sizes().indexes();
        if (r.unused().isEmpty() && r.duplicates().isEmpty() && r.seqScans().isEmpty()) {
            return ActionResult.ok(Reply.builder().severity(Severity.OK).text(DbMessages.dbIndexesClean(db.name())).build());
        }
        Reply.Builder reply = Reply.builder().header(DbMessages.dbIndexesHeader(db.name())).severity(Severity.WARN);
        if (!r.unused().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (SizeQueries.UnusedIndex u : r.unused()) {
                rows.add(List.of(u.index(), u.table(), BuiltinFormat.bytes(u.bytes())));
            }
            reply.text(DbMessages.dbIndexesUnused()).table(DbMessages.indexesUnusedColumns(), rows);
        }
        if (!r.duplicates().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (SizeQueries.DuplicateIndexes d : r.duplicates()) {
                rows.add(List.of(d.table(), String.join(", ", d.indexes()), BuiltinFormat.bytes(d.bytes())));
            }
            reply.text(DbMessages.dbIndexesDuplicates()).table(DbMessages.indexesDuplicateColumns(), rows);
        }
        if (!r.seqScans().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (SizeQueries.SeqScanHint h : r.seqScans()) {
                rows.add(List.of(h.table(), BuiltinFormat.count(h.seqScans()), BuiltinFormat.count(h.rowsPerScan()),
                        BuiltinFormat.count(h.indexScans()), BuiltinFormat.count(h.liveRows())));
            }
            reply.text(DbMessages.dbIndexesSeqScans())
                    .table(DbMessages.indexesSeqScanColumns(), rows);
        }
        return ActionResult.ok(reply.build());
    }
}
