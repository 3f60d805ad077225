package dev.caretaker.pipeline;

import dev.caretaker.action.ActionResult;

import java.util.List;
import java.util.Optional;

/**
 * A {@code confirm: true} command first shows a preview with Confirm / Cancel; it runs once its requester confirms.
 * An action that can preview itself adds what it would do to that message, or refuses at once.
 */
public final class ConfirmInterceptor implements Interceptor {

    private final PendingRequests pending;
    private final Previews previews;

    /** Without previews: every confirmation shows the request alone. */
    public ConfirmInterceptor(PendingRequests pending) {
        this(pending, null);
    }

    ConfirmInterceptor(PendingRequests pending, Previews previews) {
        this.pending = pending;
        this.previews = previews;
    }

    @Override
    public Outcome apply(Invocation invocation, Chain chain) {
        if (invocation.command().confirm() && !invocation.confirmed()) {
            Optional<ActionResult> preview = previews == null ? Optional.empty() : previews.of(invocation);
            if (preview.isPresent() && preview.get() instanceof ActionResult.Failed refused) {
                return new Outcome.Failed(refused.reply());
            }
            return pending.openConfirmation(invocation, preview.map(p -> p.reply().blocks()).orElse(List.of()));
        }
        return chain.proceed(invocation);
    }
}
