package dev.caretaker.schedule;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.action.Progress;
import dev.caretaker.command.CommandInput;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.AccessDecision;
import dev.caretaker.security.RoleResolver;
import io.micronaut.scheduling.TaskScheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;

/**
 * One run of a runbook: its steps in order, each command through the whole pipeline under the runbook's request id
 * (so each step's own role is checked and each has its audit row), one progress message edited as steps change, and
 * the final reply listing every step's state. Pauses and retries wait on the {@link TaskScheduler}, never in a sleep.
 */
final class RunbookRun {

    /** Where a step is. */
    enum Status { PENDING, RUNNING, WAITING, OK, FAILED, SKIPPED }

    /** One step as people see it: its number, what it runs, its state and a note (why it failed, what it waits for). */
    static final class StepState {
        final int number;
        final String label;
        volatile Status status = Status.PENDING;
        volatile String note;
        volatile String recovery;
        volatile Boolean recoveryOk;

        StepState(int number, String label) {
            this.number = number;
            this.label = label;
        }
    }

    /** How the whole run ended. */
    enum End { DONE, DONE_WITH_FAILURES, STOPPED }

    private final Runbook runbook;
    private final ActionContext context;
    private final Dispatcher dispatcher;
    private final RunbookPrompts prompts;
    private final RoleResolver roles;
    private final TaskScheduler scheduler;
    private final List<StepState> states = new ArrayList<>();

    RunbookRun(Runbook runbook, ActionContext context, Dispatcher dispatcher, RunbookPrompts prompts,
               RoleResolver roles, TaskScheduler scheduler) {
        this.runbook = runbook;
        this.context = context;
        this.dispatcher = dispatcher;
        this.prompts = prompts;
        this.roles = roles;
        this.scheduler = scheduler;
        for (int i = 0; i < runbook.steps().size(); i++) {
            states.add(new StepState(i + 1, label(runbook.steps().get(i), context)));
        }
    }

    ActionResult run() {
        Optional<String> refusal = missingRole();
        if (refusal.isPresent()) {
            return ActionResult.failed(refusal.get());
        }
        End end = End.DONE;
        try {
            for (int i = 0; i < runbook.steps().size(); i++) {
                Runbook.Step step = runbook.steps().get(i);
                StepState state = states.get(i);
                state.status = Status.RUNNING;
                show();
                if (execute(step, state)) {
                    state.status = Status.OK;
                    continue;
                }
                state.status = Status.FAILED;
                if (step.onFailure() instanceof Runbook.OnFailure.Continue && !(step instanceof Runbook.Step.Ask)) {
                    end = End.DONE_WITH_FAILURES;
                    continue;
                }
                if (step.onFailure() instanceof Runbook.OnFailure.Run recover) {
                    state.recovery = Runbook.fill(recover.line(), context.args());
                    show();
                    state.recoveryOk = dispatch(state.recovery) instanceof Outcome.Completed;
                }
                end = End.STOPPED;
                skipFrom(i + 1);
                break;
            }
        } catch (InterruptedException e) {
            // the runbook's own timeout passed (the pipeline interrupts it): stop here, nothing more runs
            Thread.currentThread().interrupt();
            states.stream().filter(s -> s.status == Status.RUNNING || s.status == Status.WAITING).forEach(s -> {
                s.status = Status.FAILED;
                s.note = RunbookMessages.interrupted(context.command().timeout());
            });
            skipFrom(0);
            end = End.STOPPED;
        }
        show();
        String summary = RunbookMessages.steps(states);
        Optional<String> rollback = Optional.empty();
        if (end == End.DONE && runbook.rollback().isPresent()) {
            String line = Runbook.fill(runbook.rollback().get(), context.args());
            String role = RunbookActionFactory.command(line, dispatcher.registry()).map(CommandSpec::role)
                    .orElse(context.command().role());
            rollback = Optional.of(prompts.offerRollback(context, line, role, summary,
                    runbook.rollbackFor().in(context.args())));
        }
        Reply reply = RunbookMessages.finished(context.command().name(), end, summary, rollback,
                runbook.rollbackFor().in(context.args()));
        return end == End.STOPPED ? new ActionResult.Failed(reply) : ActionResult.ok(reply);
    }

    /** Whether the person may run every command the runbook may run; the first one they may not, as a sentence. */
    private Optional<String> missingRole() {
        List<String> lines = new ArrayList<>();
        for (Runbook.Step s : runbook.steps()) {
            switch (s) {
                case Runbook.Step.Run r -> lines.add(r.line());
                case Runbook.Step.WaitUntil w -> lines.add(w.line());
                case Runbook.Step.Watch w -> lines.addAll(w.lines());
                case Runbook.Step.Pause p -> { }
                case Runbook.Step.Ask a -> { }
                case Runbook.Step.Say say -> { }
            }
            if (s.onFailure() instanceof Runbook.OnFailure.Run r) {
                lines.add(r.line());
            }
        }
        for (String line : lines) {
            Optional<CommandSpec> c = RunbookActionFactory.command(line, dispatcher.registry());
            if (c.isPresent() && roles.check(context.caller(), c.get().role()) instanceof AccessDecision.MissingRole) {
                return Optional.of(RunbookMessages.stepNeedsRole(context.command().name(), c.get().name(),
                        c.get().role()));
            }
        }
        return Optional.empty();
    }

    /** Runs one step; true when it succeeded. Its state's note says why not, or what it is waiting for. */
    private boolean execute(Runbook.Step step, StepState state) throws InterruptedException {
        return switch (step) {
            case Runbook.Step.Run r -> {
                Outcome o = dispatch(Runbook.fill(r.line(), context.args()));
                state.note = o instanceof Outcome.Completed ? null : RunbookMessages.why(o.reply());
                yield o instanceof Outcome.Completed;
            }
            case Runbook.Step.Pause p -> {
                Duration length = p.length().in(context.args());
                waiting(state, RunbookMessages.pausing(length));
                waitFor(length);
                state.note = null;
                yield true;
            }
            case Runbook.Step.Say say -> true;
            case Runbook.Step.WaitUntil w -> waitUntil(w, state);
            case Runbook.Step.Watch w -> watch(w, state);
            case Runbook.Step.Ask a -> {
                String role = a.role() == null ? context.command().role() : a.role();
                Duration timeout = a.timeout().in(context.args());
                waiting(state, RunbookMessages.waitingForAnswer(role, timeout));
                RunbookPrompts.Answer answer = prompts.ask(context, state.number,
                        Runbook.fill(a.question(), context.args()), role, timeout);
                state.note = RunbookMessages.answerNote(answer.decision(), answer.by(), timeout);
                yield answer.goOn();
            }
        };
    }

    private boolean waitUntil(Runbook.Step.WaitUntil w, StepState state) throws InterruptedException {
        String line = Runbook.fill(w.line(), context.args());
        Duration timeout = w.timeout().in(context.args());
        Duration every = w.every().in(context.args());
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            Outcome o = dispatch(line);
            if (o instanceof Outcome.Completed) {
                state.note = null;
                return true;
            }
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.compareTo(every) < 0) {
                state.note = RunbookMessages.stillFailing(timeout, attempt, RunbookMessages.why(o.reply()));
                return false;
            }
            waiting(state, RunbookMessages.waitingUntil(line, attempt, left));
            waitFor(every);
            state.status = Status.RUNNING;
        }
    }

    private boolean watch(Runbook.Step.Watch w, StepState state) throws InterruptedException {
        List<String> lines = w.lines().stream().map(l -> Runbook.fill(l, context.args())).toList();
        String line = String.join(", ", lines);
        Duration span = w.span().in(context.args());
        Duration every = w.every().in(context.args());
        long end = System.nanoTime() + span.toNanos();
        for (int checks = 1; ; checks++) {
            for (String each : lines) {
                Outcome o = dispatch(each);
                if (!(o instanceof Outcome.Completed)) {
                    state.note = RunbookMessages.watchFailed(checks, each, RunbookMessages.why(o.reply()));
                    return false;
                }
            }
            Duration left = Duration.ofNanos(end - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                state.note = RunbookMessages.watched(checks, span);
                return true;
            }
            waiting(state, RunbookMessages.watching(line, checks, left));
            waitFor(left.compareTo(every) < 0 ? left : every);
            state.status = Status.RUNNING;
        }
    }

    /** One command of the runbook, as the person who runs it, under the runbook's request id. */
    private Outcome dispatch(String line) {
        // a step that asks to be confirmed was covered by the runbook's own confirmation (checked at start-up)
        return dispatcher.dispatch(new CommandRequest(context.caller(), context.channel(), new CommandInput.Text(line),
                null, Progress.NONE, context.command().confirm(), context.requestId()));
    }

    /** Waits on the scheduler: no thread sleeps, and an interrupt (the runbook's timeout) ends the wait at once. */
    private void waitFor(Duration d) throws InterruptedException {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledFuture<?> timer = scheduler.schedule(d, () -> done.complete(null));
        try {
            done.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a timer future never fails", e);
        } finally {
            timer.cancel(false);
        }
    }

    private void waiting(StepState state, String note) {
        state.status = Status.WAITING;
        state.note = note;
        show();
    }

    private void skipFrom(int index) {
        for (int i = index; i < states.size(); i++) {
            if (states.get(i).status == Status.PENDING) {
                states.get(i).status = Status.SKIPPED;
            }
        }
    }

    private void show() {
        context.progress().update(RunbookMessages.progress(context.command().name(), states));
    }

    private static String label(Runbook.Step step, ActionContext context) {
        if (step.name().isPresent()) {
            return Runbook.fill(step.name().get(), context.args());
        }
        return switch (step) {
            case Runbook.Step.Run r -> Runbook.fill(r.line(), context.args());
            case Runbook.Step.WaitUntil w -> RunbookMessages.waitUntilLabel(Runbook.fill(w.line(), context.args()));
            case Runbook.Step.Watch w -> RunbookMessages.watchLabel(String.join(", ", w.lines().stream()
                    .map(l -> Runbook.fill(l, context.args())).toList()), w.span().in(context.args()));
            case Runbook.Step.Say say -> Runbook.fill(say.text(), context.args());
            case Runbook.Step.Pause p -> RunbookMessages.pauseLabel(p.length().in(context.args()));
            case Runbook.Step.Ask a -> RunbookMessages.askLabel(Runbook.fill(a.question(), context.args()));
        };
    }
}
