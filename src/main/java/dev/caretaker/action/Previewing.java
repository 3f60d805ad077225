package dev.caretaker.action;

/**
 * An action of a {@code confirm: true} or {@code approval: N} command that can say, before its requester confirms or
 * others approve, what it would do (how many keys match, how many jobs wait, what a restore overwrites). The pipeline
 * runs {@link #preview} instead of the action and shows an {@link ActionResult.Ok}'s blocks above the Confirm / Cancel
 * or Approve / Reject buttons; an {@link ActionResult.Failed} is answered at once and nothing waits. A preview must
 * change nothing.
 */
public interface Previewing {

    ActionResult preview(ActionContext context) throws Exception;
}
