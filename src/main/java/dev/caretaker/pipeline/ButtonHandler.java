package dev.caretaker.pipeline;

import dev.caretaker.action.Progress;
import dev.caretaker.security.Caller;

/**
 * Answers clicks on buttons of one kind (alert Ack / Silence, checklist Done). Confirm, Cancel, Approve
 * and Reject are the dispatcher's own. Implementations check the clicker's role and audit what they do.
 */
public interface ButtonHandler {

    /** Whether this handler answers buttons with this action id (see {@code ButtonActions}). */
    boolean handles(String actionId);

    /** Handles one click; never throws: failures are an {@link Outcome} with one sentence. */
    Outcome click(String actionId, String value, Caller caller, Progress progress);
}
