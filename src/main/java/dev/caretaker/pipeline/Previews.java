package dev.caretaker.pipeline;

import dev.caretaker.action.ActionMessages;
import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.action.Previewing;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the {@link Previewing#preview} of a confirm command's action, on a worker and within the command's timeout,
 * with the same one-sentence failures and redaction as the action itself.
 */
final class Previews {

    private static final Logger LOG = LoggerFactory.getLogger(Previews.class);

    private final CommandCatalog catalog;
    private final Redactor redactor;
    private final ExecutorService workers;

    Previews(CommandCatalog catalog, Redactor redactor, ExecutorService workers) {
        this.catalog = catalog;
        this.redactor = redactor;
        this.workers = workers;
    }

    /** The preview's result (reply redacted); empty when the action has none. */
    Optional<ActionResult> of(Invocation inv) {
        Action action = catalog.actionFor(inv.command());
        if (!(action instanceof Previewing previewing)) {
            return Optional.empty();
        }
        ActionContext context = new ActionContext(inv.requestId(), inv.caller(), inv.channel(), inv.command(),
                inv.args(), inv.progress());
        Future<ActionResult> future = workers.submit(() -> previewing.preview(context));
        try {
            ActionResult result = future.get(inv.command().timeout().toMillis(), TimeUnit.MILLISECONDS);
            Reply reply = ReplyRedaction.apply(result.reply(), redactor);
            return Optional.of(result instanceof ActionResult.Ok ? new ActionResult.Ok(reply) : new ActionResult.Failed(reply));
        } catch (TimeoutException e) {
            future.cancel(true);
            LOG.warn("request {}: preview of {} timed out after {}", inv.requestId(), inv.command().name(),
                    inv.command().timeout());
            return Optional.of(ActionResult.failed(ActionMessages.timedOut(inv.command().name(), inv.command().timeout())));
        } catch (ExecutionException e) {
            LOG.error("request {}: preview of {} failed", inv.requestId(), inv.command().name(),
                    RedactedFailure.of(e.getCause(), redactor));
            return Optional.of(ActionResult.failed(PipelineMessages.actionFailed(inv.command().name(), inv.requestId())));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return Optional.of(ActionResult.failed(PipelineMessages.actionFailed(inv.command().name(), inv.requestId())));
        }
    }
}
