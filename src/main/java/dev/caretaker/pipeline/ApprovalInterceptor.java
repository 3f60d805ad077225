package dev.caretaker.pipeline;

/**
 * A command with {@code approval: N} waits until N-1 people other than the requester, each with the
 * command's role, approve it. Never skipped, not even by {@code run --yes}.
 */
public final class ApprovalInterceptor implements Interceptor {

    private final PendingRequests pending;

    public ApprovalInterceptor(PendingRequests pending) {
        this.pending = pending;
    }

    @Override
    public Outcome apply(Invocation invocation, Chain chain) {
        if (invocation.command().needsApproval()
                && invocation.approvedBy().size() < invocation.command().approval() - 1) {
            return pending.openApproval(invocation);
        }
        return chain.proceed(invocation);
    }
}
