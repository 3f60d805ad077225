package dev.caretaker.action.custom;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.action.builtin.db.DbFailures;
import dev.caretaker.action.builtin.db.DbMessages;
import dev.caretaker.reply.Reply;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresException;
import dev.caretaker.target.postgres.ReadOnlyQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One declared read-only query; its args are bound in placeholder order and its rows come back as a table. */
final class SqlAction implements Action {

    private static final Logger LOG = LoggerFactory.getLogger(SqlAction.class);

    private final PostgresTargets targets;
    private final SqlTemplate template;
    private final Optional<String> target;
    private final Duration timeout;
    private final int maxRows;

    SqlAction(PostgresTargets targets, SqlTemplate template, Optional<String> target, Duration timeout, int maxRows) {
        this.targets = targets;
        this.template = template;
        this.target = target;
        this.timeout = timeout;
        this.maxRows = maxRows;
    }

    @Override
    public ActionResult run(ActionContext context) {
        Optional<String> name = context.args().string("target").or(() -> target).or(() -> targets.only());
        Optional<PostgresClient> db = name.flatMap(targets::client);
        if (db.isEmpty()) {
            Set<String> names = targets.names();
            return ActionResult.failed(names.isEmpty() ? DbMessages.noPostgresTarget() : DbMessages.dbChooseTarget(names));
        }
        List<Object> parameters = new ArrayList<>();
        for (String placeholder : template.placeholders()) {
            parameters.add(context.args().asMap().get(placeholder));
        }
        try {
            ReadOnlyQuery.Result r = db.get().readOnly().run(template.jdbc(), parameters, timeout, maxRows);
            Reply.Builder reply = Reply.builder();
            if (r.rows().isEmpty()) {
                reply.text(CustomMessages.sqlNoRows());
            } else {
                reply.table(r.columns(), r.rows());
            }
            if (r.capped()) {
                reply.footer(CustomMessages.sqlRowsCapped(maxRows));
            }
            return ActionResult.ok(reply.build());
        } catch (PostgresException e) {
            LOG.warn("request {}: {} on {} failed: {}", context.requestId(), context.command().name(), e.target(),
                    e.getMessage(), e);
            return ActionResult.failed(DbFailures.sentence(e, db.get().settings()));
        }
    }
}
