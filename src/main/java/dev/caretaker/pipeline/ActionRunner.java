package dev.caretaker.pipeline;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionMessages;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.Redactor;
import io.micronaut.core.propagation.PropagatedContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The end of the chain: runs the action on a worker with the command's timeout, turns any exception
 * into a one-sentence failure (details only in the log, under the request id) and redacts the output.
 */
final class ActionRunner implements Interceptor.Chain {

    private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);

    private final CommandCatalog catalog;
    private final Redactor redactor;
    private final ExecutorService workers;

    ActionRunner(CommandCatalog catalog, Redactor redactor, ExecutorService workers) {
        this.catalog = catalog;
        this.redactor = redactor;
        this.workers = workers;
    }

    @Override
    public Outcome proceed(Invocation inv) {
        ActionContext context = new ActionContext(inv.requestId(), inv.caller(), inv.channel(), inv.command(),
                inv.args(), inv.progress());
        // the worker's log lines carry the request's MDC (InvocationMdc)
        Callable<ActionResult> action = () -> catalog.actionFor(inv.command()).run(context);
        Future<ActionResult> future = workers.submit(PropagatedContext.wrapCurrent(action));
        try {
            ActionResult result = future.get(inv.command().timeout().toMillis(), TimeUnit.MILLISECONDS);
            Reply reply = ReplyRedaction.apply(result.reply(), redactor);
            return result instanceof ActionResult.Ok ? new Outcome.Completed(reply) : new Outcome.Failed(reply);
        } catch (TimeoutException e) {
            future.cancel(true);
            LOG.warn("request {}: {} timed out after {}", inv.requestId(), inv.command().name(), inv.command().timeout());
            return new Outcome.Failed(Reply.error(ActionMessages.timedOut(inv.command().name(), inv.command().timeout())));
        } catch (ExecutionException e) {
            // Exceptions quote what they were given (SQL, URLs, typed values); secrets must not reach the log.
            LOG.error("request {}: {} failed", inv.requestId(), inv.command().name(),
                    RedactedFailure.of(e.getCause(), redactor));
            return new Outcome.Failed(Reply.error(PipelineMessages.actionFailed(inv.command().name(), inv.requestId())));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return new Outcome.Failed(Reply.error(PipelineMessages.actionFailed(inv.command().name(), inv.requestId())));
        }
    }
}
