package dev.caretaker.pipeline;

import dev.caretaker.reply.Reply;
import dev.caretaker.store.Coordinator;
import dev.caretaker.store.CoordinatorUnavailableException;

import java.time.Duration;

/**
 * A command with a cooldown runs at most once per cooldown across replicas. The claim is taken before
 * the rest of the chain (so two racing requests cannot both pass) and given back when nothing ran.
 */
public final class CooldownInterceptor implements Interceptor {

    private final Coordinator coordinator;

    public CooldownInterceptor(Coordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public Outcome apply(Invocation invocation, Chain chain) {
        Duration cooldown = invocation.command().cooldown();
        if (cooldown.isZero() || cooldown.isNegative()) {
            return chain.proceed(invocation);
        }
        String key = "cooldown:" + invocation.command().name();
        boolean claimed;
        try {
            claimed = coordinator.claim(key, cooldown);
        } catch (CoordinatorUnavailableException e) {
            // the command may have run on another replica moments ago: do not run it blind
            return new Outcome.Denied(Reply.error(PipelineMessages.cannotCheckDuplicate(invocation.command().name())));
        }
        if (!claimed) {
            Duration left = coordinator.remaining(key).orElse(cooldown);
            return new Outcome.Denied(Reply.error(PipelineMessages.coolingDown(invocation.command().name(), left)));
        }
        Outcome outcome = chain.proceed(invocation);
        if (!(outcome instanceof Outcome.Completed) && !(outcome instanceof Outcome.Failed)) {
            coordinator.release(key);
        }
        return outcome;
    }
}
