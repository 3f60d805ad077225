package dev.caretaker.chat.slack;

import dev.caretaker.action.Progress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.security.Caller;

/**
 * What the Slack adapter needs from the pipeline: the {@code Dispatcher}'s two entry points for adapters. Kept as a
 * port so the adapter's tests run without a database; both methods never throw.
 */
public interface SlackPipeline {

    Outcome dispatch(CommandRequest request);

    /** Any button click: decisions on pending requests, and other buttons through their handlers. */
    Outcome click(String actionId, String value, Caller caller, Progress progress);
}
