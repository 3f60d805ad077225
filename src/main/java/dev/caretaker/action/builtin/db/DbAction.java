package dev.caretaker.action.builtin.db;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.command.CommandMessages;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;

/**
 * What every db action shares: find the postgres target ({@code target=} or the only one), run, and turn a
 * {@link PostgresException} into a one-sentence failure (logged with the request id).
 */
abstract class DbAction implements Action {

    private static final Logger LOG = LoggerFactory.getLogger(DbAction.class);

    private final PostgresTargets targets;

    DbAction(PostgresTargets targets) {
        this.targets = targets;
    }

    @Override
    public final ActionResult run(ActionContext context) {
        Optional<String> name = context.args().string("target").or(() -> targets.only());
        if (name.isEmpty()) {
            Set<String> names = targets.names();
            return ActionResult.failed(names.isEmpty() ? DbMessages.noPostgresTarget() : DbMessages.dbChooseTarget(names));
        }
        Optional<PostgresClient> client = targets.client(name.get());
        if (client.isEmpty()) {
            return ActionResult.failed(CommandMessages.unknownTarget("postgres", name.get(), targets.names()));
        }
        try {
            return run(context, client.get());
        } catch (PostgresException e) {
            LOG.warn("request {}: {} on {} failed: {}", context.requestId(), context.command().name(), e.target(),
                    e.getMessage(), e);
            return ActionResult.failed(DbFailures.sentence(e, client.get().settings()));
        }
    }

    abstract ActionResult run(ActionContext context, PostgresClient db) throws PostgresException;
}
