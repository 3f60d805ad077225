package dev.caretaker.chat.slack;

import dev.caretaker.action.Progress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.security.Caller;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** The production {@link SlackPipeline}: the {@link Dispatcher}, which every adapter shares. */
@Singleton
@Requires(condition = SlackEnabled.class)
final class DispatcherSlackPipeline implements SlackPipeline {

    private final Dispatcher dispatcher;

    DispatcherSlackPipeline(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public Outcome dispatch(CommandRequest request) {
        return dispatcher.dispatch(request);
    }

    @Override
    public Outcome click(String actionId, String value, Caller caller, Progress progress) {
        return dispatcher.click(actionId, value, caller, progress);
    }
}
