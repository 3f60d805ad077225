package dev.caretaker.schedule;

import dev.caretaker.action.Progress;
import dev.caretaker.pipeline.ButtonHandler;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.security.Caller;
import jakarta.inject.Singleton;

/** Continue / Abort under a runbook's question, and Roll back under a finished runbook; every click is audited. */
@Singleton
public class RunbookButtons implements ButtonHandler {

    private final RunbookPrompts prompts;

    public RunbookButtons(RunbookPrompts prompts) {
        this.prompts = prompts;
    }

    @Override
    public boolean handles(String actionId) {
        return RunbookPrompts.CONTINUE.equals(actionId) || RunbookPrompts.ABORT.equals(actionId)
                || RunbookPrompts.ROLLBACK.equals(actionId);
    }

    @Override
    public Outcome click(String actionId, String value, Caller caller, Progress progress) {
        return switch (actionId) {
            case RunbookPrompts.ROLLBACK -> prompts.rollback(value, caller, progress);
            case RunbookPrompts.CONTINUE -> prompts.answer(value, true, caller);
            default -> prompts.answer(value, false, caller);
        };
    }
}
