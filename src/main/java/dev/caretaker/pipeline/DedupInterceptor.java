package dev.caretaker.pipeline;

import dev.caretaker.reply.Reply;
import dev.caretaker.store.Coordinator;

import java.time.Duration;

/** Platform retries and a request reaching two replicas run once: the first to claim the delivery id wins. */
public final class DedupInterceptor implements Interceptor {

    /** Longer than any platform retries a delivery (Slack: minutes; Discord: never). */
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final Coordinator coordinator;

    public DedupInterceptor(Coordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public Outcome apply(Invocation invocation, Chain chain) {
        String id = invocation.deliveryId();
        if (id != null && !coordinator.claim("dedup:" + invocation.caller().platform().id() + ":" + id, WINDOW)) {
            return new Outcome.Duplicate(Reply.error(PipelineMessages.duplicate()));
        }
        return chain.proceed(invocation);
    }
}
