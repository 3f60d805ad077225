package dev.caretaker.pipeline;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.security.Caller;
import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.propagation.PropagatedContext;
import org.slf4j.MDC;

import java.util.HashMap;
import java.util.Map;

/**
 * Puts an invocation's request id, command, platform, user and channel into the log's MDC for every line it
 * causes, on this thread and, through Micronaut's context propagation, on the threads its work moves to (the
 * action's worker, Micronaut's executors). Closing the scope puts back what was there before.
 */
final class InvocationMdc {

    static final String REQUEST_ID = "requestId";
    static final String COMMAND = "command";
    static final String PLATFORM = "platform";
    static final String USER = "user";
    static final String CHANNEL = "channel";

    private InvocationMdc() {
    }

    /** A request whose command is not known yet (before parsing) or not at all ({@code command} null). */
    static PropagatedContext.Scope open(String requestId, @Nullable Caller caller, @Nullable ChannelAddress channel,
                                        @Nullable String command) {
        Map<String, String> state = new HashMap<>();
        Map<String, String> current = MDC.getCopyOfContextMap();
        if (current != null) {
            state.putAll(current);
        }
        state.put(REQUEST_ID, requestId);
        if (caller != null) {
            state.put(PLATFORM, caller.platform().id());
            state.put(USER, caller.userId());
        }
        if (channel != null) {
            state.put(CHANNEL, channel.toString());
        }
        if (command != null) {
            state.put(COMMAND, command);
        }
        return PropagatedContext.getOrEmpty().plus(new MdcPropagationContext(state)).propagate();
    }

    static PropagatedContext.Scope open(Invocation inv) {
        return open(inv.requestId(), inv.caller(), inv.channel(), inv.command().name());
    }
}
