package dev.caretaker.action;

/**
 * Code that does the work of a command. Built-in actions are beans named after the {@code action} of
 * their declaration in {@code caretaker/builtin-commands.yml}; declared kinds are built by an
 * {@link ActionFactory}. An action may throw: the pipeline turns any exception into a one-sentence
 * failure for the user and a log line with the request id.
 */
@FunctionalInterface
public interface Action {

    ActionResult run(ActionContext context) throws Exception;
}
