package dev.caretaker.support;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Reply;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test action that records every run, so tests can tell whether (and how often) a command really ran.
 * Args: {@code sleep} (a duration) makes it slow, {@code fail=true} makes it throw, {@code say} is echoed.
 */
@Singleton
@Named("test.record")
public final class RecordingAction implements Action {

    private final List<ActionContext> runs = new CopyOnWriteArrayList<>();

    @Override
    public ActionResult run(ActionContext context) throws Exception {
        runs.add(context);
        var sleep = context.args().duration("sleep");
        if (sleep.isPresent()) {
            context.progress().update("sleeping " + sleep.get().toMillis() + " ms");
            Thread.sleep(sleep.get().toMillis());
        }
        if (context.args().bool("fail")) {
            throw new IllegalStateException("boom: password=hunter2 at line 42");
        }
        return ActionResult.ok(Reply.text("ran " + context.command().name() + " "
                + context.args().string("say").orElse("")));
    }

    public void clear() {
        runs.clear();
    }

    public List<ActionContext> runs() {
        return runs;
    }

    public static Duration quick() {
        return Duration.ofMillis(1);
    }
}
