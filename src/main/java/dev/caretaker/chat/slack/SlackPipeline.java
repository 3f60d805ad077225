package dev.caretaker.chat.slack;

import dev.caretaker.action.Progress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Decision;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.security.Caller;

/**
 * What the Slack adapter needs from the pipeline: the {@code Dispatcher}'s two entry points. Kept as a
 * port so the adapter's tests run without a database; both methods never throw.
 */
public interface SlackPipeline {

    Outcome dispatch(CommandRequest request);

    Outcome decide(String token, Decision decision, Caller caller, Progress progress);
}
