package dev.caretaker.pipeline;

/** A {@code confirm: true} command first shows a preview with Confirm / Cancel; it runs once its requester confirms. */
public final class ConfirmInterceptor implements Interceptor {

    private final PendingRequests pending;

    public ConfirmInterceptor(PendingRequests pending) {
        this.pending = pending;
    }

    @Override
    public Outcome apply(Invocation invocation, Chain chain) {
        if (invocation.command().confirm() && !invocation.confirmed()) {
            return pending.openConfirmation(invocation);
        }
        return chain.proceed(invocation);
    }
}
