package dev.caretaker.schedule;

import dev.caretaker.action.ActionContext;
import dev.caretaker.command.CommandInput;
import dev.caretaker.digest.Due;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.security.Caller;
import dev.caretaker.store.Leadership;
import dev.caretaker.store.Outbox;
import dev.caretaker.store.OutboxMessage;
import dev.caretaker.store.ScheduleStore;
import dev.caretaker.store.Transactions;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs the scheduled commands that are due, each scheduled instant once: the {@code schedule_runs} row is claimed
 * before the command starts (whichever replica or restart gets there first), the command goes through the whole
 * pipeline as {@code schedule:<name>} with the schedule's role, and its outcome is recorded in the transaction that
 * hands the result to the outbox. A run missed while Caretaker was down runs once when it is back, marked late; a
 * paused schedule does not run, and does not catch up on what it missed while paused.
 */
@Singleton
public class ScheduleService {

    /** What came of a run, as {@code schedule_runs} records it. */
    public enum Result {
        OK, WARNING, FAILED, REFUSED;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A run this replica claimed; {@code done} completes when its result is recorded (and, unless quiet, posted). */
    public record Claimed(Schedule schedule, Instant scheduledAt, boolean late, String requestId,
                          CompletableFuture<Result> done) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleService.class);

    private final Schedules schedules;
    private final ScheduleStore store;
    private final Dispatcher dispatcher;
    private final Transactions transactions;
    private final Outbox outbox;
    private final Leadership leadership;
    private final Clock clock;
    private final ExecutorService workers;
    private final Duration lateAfter;

    public ScheduleService(Schedules schedules, ScheduleStore store, Dispatcher dispatcher, Transactions transactions,
                           Outbox outbox, Leadership leadership, Clock clock,
                           @Named(TaskExecutors.BLOCKING) ExecutorService workers,
                           SchedulerSettings settings) {
        this.schedules = schedules;
        this.store = store;
        this.dispatcher = dispatcher;
        this.transactions = transactions;
        this.outbox = outbox;
        this.leadership = leadership;
        this.clock = clock;
        this.workers = workers;
        this.lateAfter = settings.lateAfter();
    }

    /**
     * Claims every schedule whose latest scheduled instant has come, is not paused and was not run yet, and starts
     * each on its own virtual thread (a long {@code db vacuum} holds up no other schedule). Answers what it claimed.
     */
    public List<Claimed> runDue() {
        List<Claimed> claimed = new ArrayList<>();
        for (Schedule schedule : schedules.all()) {
            try {
                claim(schedule).ifPresent(claimed::add);
            } catch (RuntimeException e) {
                // the next tick tries again; one schedule's trouble must not stop the others
                LOG.error("schedule {}: could not be started", schedule.name(), e);
            }
        }
        return claimed;
    }

    private Optional<Claimed> claim(Schedule schedule) {
        Instant now = clock.instant();
        Optional<Due> due = Due.at(schedule.cron(), schedule.zone(), now, lateAfter);
        if (due.isEmpty() || store.exists(schedule.name(), due.get().scheduledAt())) {
            return Optional.empty();
        }
        Instant at = due.get().scheduledAt();
        Optional<ScheduleStore.State> state = store.state(schedule.name());
        if (state.filter(ScheduleStore.State::paused).isPresent()) {
            return Optional.empty();
        }
        if (state.filter(s -> s.changedAt().isAfter(at)).isPresent()) {
            return Optional.empty();   // due while it was paused: resuming does not catch up
        }
        if (due.get().late() && !store.ranBefore(schedule.name(), at)) {
            return Optional.empty();   // a first start after its time: nothing was missed, the next one runs on time
        }
        String requestId = dispatcher.newRequestId();
        if (!store.claim(schedule.name(), at, due.get().late(), now, leadership.holder(), requestId)) {
            return Optional.empty();   // another replica or an earlier tick has it
        }
        CompletableFuture<Result> done = new CompletableFuture<>();
        Claimed run = new Claimed(schedule, at, due.get().late(), requestId, done);
        try {
            workers.execute(() -> done.complete(run(run)));
        } catch (RejectedExecutionException e) {
            LOG.warn("schedule {}: claimed for {} while shutting down; it does not run", schedule.name(), at);
            done.complete(Result.FAILED);
        }
        return Optional.of(run);
    }

    private Result run(Claimed run) {
        Schedule s = run.schedule();
        Outcome outcome;
        try {
            outcome = dispatcher.dispatch(new CommandRequest(Caller.schedule(s.name(), s.as()), s.channel(),
                    new CommandInput.Text(s.command()), null, null, false, run.requestId()));
        } catch (RuntimeException e) {
            // the dispatcher answers every failure itself; this is a bug, and still a failed run people hear of
            LOG.error("request {}: schedule {} failed unexpectedly", run.requestId(), s.name(), e);
            outcome = new Outcome.Failed(Reply.error(ScheduleMessages.failedUnexpectedly(run.requestId())));
        }
        Outcome finalOutcome = outcome;
        Result result = result(outcome);
        Reply posted = ScheduleMessages.posted(s, outcome.reply(), result == Result.OK, run.scheduledAt(), run.late(),
                run.requestId());
        boolean post = !s.quiet() || result != Result.OK;
        try {
            transactions.inTransaction(() -> {
                store.finish(s.name(), run.scheduledAt(), result.id(), ScheduleMessages.detail(finalOutcome.reply()),
                        clock.instant());
                if (post) {
                    outbox.enqueue(OutboxMessage.of(s.channel(), messageKey(s, run.scheduledAt()), posted));
                }
            });
        } catch (RuntimeException e) {
            LOG.error("request {}: schedule {} ran ({}) but its result could not be recorded", run.requestId(),
                    s.name(), result.id(), e);
        }
        LOG.info("request {}: schedule {} for {}{} -> {}{}", run.requestId(), s.name(), run.scheduledAt(),
                run.late() ? " (late)" : "", result.id(), post ? "" : " (quiet, not posted)");
        return result;
    }

    /**
     * Runs a schedule's command now for the person who asked ({@code schedule run}): with their own roles, in their
     * channel, under their request id, so the audit shows who ran it; nothing is claimed or posted elsewhere.
     */
    public Outcome runNow(Schedule schedule, ActionContext asked) {
        return dispatcher.dispatch(new CommandRequest(asked.caller(), asked.channel(),
                new CommandInput.Text(schedule.command()), null, asked.progress(), false, asked.requestId()));
    }

    static Result result(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Completed c -> c.reply().severity() == Severity.WARN || c.reply().severity() == Severity.CRITICAL
                    ? Result.WARNING : Result.OK;
            case Outcome.Failed f -> Result.FAILED;
            case Outcome.Rejected r -> Result.REFUSED;
            case Outcome.Denied d -> Result.REFUSED;
            case Outcome.Pending p -> Result.REFUSED;
            case Outcome.Duplicate d -> Result.REFUSED;
        };
    }

    static String messageKey(Schedule s, Instant scheduledAt) {
        return "schedule:" + s.name() + ":" + scheduledAt;
    }
}
