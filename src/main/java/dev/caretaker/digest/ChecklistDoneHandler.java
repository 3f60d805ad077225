package dev.caretaker.digest;

import dev.caretaker.action.Progress;
import io.micronaut.context.BeanProvider;
import dev.caretaker.pipeline.ButtonHandler;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.AccessDecision;
import dev.caretaker.security.Caller;
import dev.caretaker.security.RoleResolver;
import jakarta.inject.Singleton;

/** Clicks on a checklist item's Done button: operators tick it, the audit names them, the message is edited. */
@Singleton
public class ChecklistDoneHandler implements ButtonHandler {

    /** Who may tick an item. */
    public static final String ROLE = "operator";

    // lazy: the dispatcher takes every handler, and checklists reach the chat adapters, which need the dispatcher
    private final BeanProvider<ChecklistService> checklists;
    private final RoleResolver roles;

    public ChecklistDoneHandler(BeanProvider<ChecklistService> checklists, RoleResolver roles) {
        this.checklists = checklists;
        this.roles = roles;
    }

    @Override
    public boolean handles(String actionId) {
        return ButtonActions.CHECKLIST_DONE.equals(actionId);
    }

    @Override
    public Outcome click(String actionId, String value, Caller caller, Progress progress) {
        if (roles.check(caller, ROLE) instanceof AccessDecision.MissingRole) {
            return new Outcome.Denied(Reply.error(ChecklistMessages.checklistDoneNeedsRole(ROLE)));
        }
        ChecklistService.DoneResult result = checklists.get().done(value, caller, null);
        if (result instanceof ChecklistService.DoneResult.Ticked t) {
            return new Outcome.Completed(t.reply());
        }
        if (result instanceof ChecklistService.DoneResult.AlreadyDone a) {
            // the checklist as it is: the adapter edits the message in place, so the clicker sees who was first
            return new Outcome.Completed(a.reply());
        }
        return new Outcome.Rejected(Reply.error(ChecklistMessages.checklistItemNotFound()));
    }
}
