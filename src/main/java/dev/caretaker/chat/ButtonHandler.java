package dev.caretaker.chat;

import dev.caretaker.pipeline.Outcome;
import dev.caretaker.security.Caller;

import java.util.Set;

/**
 * Answers clicks on buttons that are not a confirmation or approval decision, such as an alert's Ack or
 * Silence. Adapters route a click to the handler that claims its action id; the outcome's reply replaces
 * the message that carried the button, or goes to the clicker alone when it is a refusal.
 */
public interface ButtonHandler {

    /** The action ids (from {@code ButtonActions}) this handler answers. */
    Set<String> actionIds();

    /** Handles one click; {@code value} is the button's value (an alert fingerprint, a checklist id). Never throws. */
    Outcome click(String actionId, String value, Caller caller);
}
