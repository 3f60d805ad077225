package dev.caretaker.pipeline;

import dev.caretaker.action.ActionResult;

import java.util.List;
import java.util.Optional;

/**
 * A command with {@code approval: N} waits until N-1 people other than the requester, each with the
 * command's role, approve it. Never skipped, not even by {@code run --yes}. An action that can preview itself
 * shows the approvers what it would do (what a restore overwrites), or refuses at once.
 */
public final class ApprovalInterceptor implements Interceptor {

    private final PendingRequests pending;
    private final Previews previews;

    /** Without previews: every approval request shows the request alone. */
    public ApprovalInterceptor(PendingRequests pending) {
        this(pending, null);
    }

    ApprovalInterceptor(PendingRequests pending, Previews previews) {
        this.pending = pending;
        this.previews = previews;
    }

    @Override
    public Outcome apply(Invocation invocation, Chain chain) {
        if (invocation.command().needsApproval()
                && invocation.approvedBy().size() < invocation.command().approval() - 1) {
            // a confirm command showed its preview to the requester already; the approvers see it here
            Optional<ActionResult> preview = previews == null ? Optional.empty() : previews.of(invocation);
            if (preview.isPresent() && preview.get() instanceof ActionResult.Failed refused) {
                return new Outcome.Failed(refused.reply());
            }
            return pending.openApproval(invocation, preview.map(p -> p.reply().blocks()).orElse(List.of()));
        }
        return chain.proceed(invocation);
    }
}
