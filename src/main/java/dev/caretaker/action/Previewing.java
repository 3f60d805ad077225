package dev.caretaker.action;

/**
 * An action of a {@code confirm: true} command that can say, before its requester confirms, what it would do
 * (how many keys match, how many jobs wait). The pipeline runs {@link #preview} instead of the action and shows an
 * {@link ActionResult.Ok}'s blocks above the Confirm / Cancel buttons; an {@link ActionResult.Failed} is answered at
 * once and nothing waits for confirmation. A preview must change nothing.
 */
public interface Previewing {

    ActionResult preview(ActionContext context) throws Exception;
}
