package dev.caretaker.action.builtin.db;

import dev.caretaker.action.builtin.BuiltinFormat;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.Maintenance;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.List;

/** {@code db reindex <table|index>}: rebuilds indexes (CONCURRENTLY where the server can) and reports the size change. */
@Singleton
@Named("db.reindex")
public final class DbReindexAction extends DbAction {

    public DbReindexAction(PostgresTargets targets) {
        super(targets);
    }

    @Override
    ActionResult run(ActionContext context, PostgresClient db) throws PostgresException {
        String name = context.args().string("name").orElse("");
        Maintenance.ReindexResult r = db.maintenance().reindex(name, context.command().timeout());
        Reply.Builder reply = Reply.builder().header(DbMaintenanceMessages.dbReindexDone(r.relation(), r.index(), r.took()))
                .severity(Severity.OK)
                .fields(List.of(
                        new Block.Field(DbMaintenanceMessages.indexSizeBeforeLabel(), BuiltinFormat.bytes(r.bytesBefore())),
                        new Block.Field(DbMaintenanceMessages.indexSizeAfterLabel(), BuiltinFormat.bytes(r.bytesAfter())),
                        new Block.Field(DbMaintenanceMessages.concurrentlyLabel(),
                                DbMaintenanceMessages.yesNo(r.concurrently()))));
        if (!r.concurrently()) {
            reply.text(DbMaintenanceMessages.dbReindexNotConcurrent());
        }
        return ActionResult.ok(reply.build());
    }
}
