package dev.caretaker.pipeline;

import dev.caretaker.reply.Reply;
import dev.caretaker.store.Coordinator;
import dev.caretaker.store.CoordinatorUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Platform retries and a request reaching two replicas run once: the first to claim the delivery id wins. With Redis
 * lost, PostgreSQL decides (the audit row says so); when nothing can decide, nothing runs (fail closed). Each decision
 * counts in {@code caretaker_dedup_total{decision=first|repeat|refused, by=coordinator|postgresql|none}} on {@code /prometheus}.
 */
public final class DedupInterceptor implements Interceptor {

    private static final Logger LOG = LoggerFactory.getLogger(DedupInterceptor.class);
    /** Longer than any platform retries a delivery (Slack: minutes; Discord: never). */
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final Coordinator coordinator;
    private final MeterRegistry meters;

    public DedupInterceptor(Coordinator coordinator, MeterRegistry meters) {
        this.coordinator = coordinator;
        this.meters = meters;
    }

    /** A coordinator alone, counting nowhere (tests of the decision). */
    public DedupInterceptor(Coordinator coordinator) {
        this(coordinator, new SimpleMeterRegistry());
    }

    @Override
    public Outcome apply(Invocation invocation, Chain chain) {
        String id = invocation.deliveryId();
        if (id == null) {
            return chain.proceed(invocation);
        }
        Coordinator.Claim claim;
        try {
            claim = coordinator.claimOnce("dedup:" + invocation.caller().platform().id() + ":" + id, WINDOW);
        } catch (CoordinatorUnavailableException e) {
            // a retry of this delivery may already have run elsewhere: running it blind could run it twice
            LOG.error("request {}: {} not run, its delivery {} could not be checked: {}", invocation.requestId(),
                    invocation.command().name(), id, e.getMessage());
            count("refused", "none");
            return new Outcome.Denied(Reply.error(PipelineMessages.cannotCheckDuplicate(invocation.command().name())));
        }
        count(claim.won() ? "first" : "repeat", claim.fallback() ? "postgresql" : "coordinator");
        if (!claim.won()) {
            return new Outcome.Duplicate(Reply.error(PipelineMessages.duplicate()));
        }
        return chain.proceed(claim.fallback() ? invocation.withNote(PipelineMessages.checkedByPostgres()) : invocation);
    }

    private void count(String decision, String by) {
        meters.counter("caretaker.dedup", "decision", decision, "by", by).increment();
    }
}
