package dev.caretaker.schedule;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionResult;
import dev.caretaker.pipeline.CommandCatalog;
import dev.caretaker.pipeline.Outcome;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * {@code runbook continue | abort | rollback <token>}: the buttons of runbooks, typed (the console has no buttons), and
 * {@code commands reload}.
 */
@Factory
public class RunbookActions {

    @Singleton
    @Named("runbook.continue")
    Action answerContinue(RunbookPrompts prompts) {
        return context -> result(prompts.answer(context.args().string("token").orElse(""), true, context.caller()));
    }

    @Singleton
    @Named("runbook.abort")
    Action answerAbort(RunbookPrompts prompts) {
        return context -> result(prompts.answer(context.args().string("token").orElse(""), false, context.caller()));
    }

    @Singleton
    @Named("runbook.rollback")
    Action rollback(RunbookPrompts prompts) {
        return context -> result(prompts.rollback(context.args().string("token").orElse(""), context.caller(),
                context.progress()));
    }

    @Singleton
    @Named("commands.reload")
    Action reload(CommandsReload reload) {
        return context -> switch (reload.reloadEverywhere()) {
            case CommandCatalog.Reload.Reloaded r -> ActionResult.ok(ReloadMessages.reloaded(r.commands(), r.changes()));
            case CommandCatalog.Reload.Refused r -> new ActionResult.Failed(ReloadMessages.refused(r.problems()));
        };
    }

    private static ActionResult result(Outcome outcome) {
        return outcome instanceof Outcome.Completed ? ActionResult.ok(outcome.reply())
                : new ActionResult.Failed(outcome.reply());
    }
}
