package dev.caretaker.schedule;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.Progress;
import dev.caretaker.command.CommandInput;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.AccessDecision;
import dev.caretaker.security.Caller;
import dev.caretaker.security.RoleResolver;
import dev.caretaker.store.AuditEntry;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.Outbox;
import dev.caretaker.store.OutboxMessage;
import dev.caretaker.store.RunbookPromptStore;
import dev.caretaker.store.RunbookPromptStore.Prompt;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The buttons a runbook leaves in chat, kept in {@code runbook_prompts} so a click works on whichever replica it
 * reaches, once: an {@code ask:} step's Continue / Abort (the runbook waits for the answer, bounded, without holding a
 * platform thread: a future completed by the click here, or by a poll of the store for a click that reached another
 * replica), and the Roll back button of a finished runbook (works once, for {@code rollback-for}).
 */
@Singleton
public class RunbookPrompts {

    public static final String CONTINUE = "caretaker.runbook.continue";
    public static final String ABORT = "caretaker.runbook.abort";
    public static final String ROLLBACK = "caretaker.runbook.rollback";

    /** How an {@code ask:} step was answered: {@code continue}, {@code abort} or {@code expired}. */
    record Answer(String decision, String by) {

        boolean goOn() {
            return "continue".equals(decision);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RunbookPrompts.class);
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyz0123456789";

    private final RunbookPromptStore store;
    private final Outbox outbox;
    private final RoleResolver roles;
    private final AuditLog audit;
    private final Provider<Dispatcher> dispatcher;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final Duration poll;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, CompletableFuture<Answer>> waiting = new ConcurrentHashMap<>();

    /**
     * @param dispatcher a provider: a click on Roll back runs a command through the pipeline, whose dispatcher in turn
     *                   hands clicks to this class's {@link RunbookButtons}
     * @param settings   {@code caretaker.runbook.poll}: how often a waiting {@code ask:} looks for an answer given on
     *                   another replica
     */
    public RunbookPrompts(RunbookPromptStore store, Outbox outbox, RoleResolver roles, AuditLog audit,
                          Provider<Dispatcher> dispatcher, @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler,
                          Clock clock, RunbookSettings settings) {
        this.store = store;
        this.outbox = outbox;
        this.roles = roles;
        this.audit = audit;
        this.dispatcher = dispatcher;
        this.scheduler = scheduler;
        this.clock = clock;
        this.poll = settings.poll();
    }

    /**
     * Posts the question with Continue / Abort in the runbook's channel and waits until someone with {@code role}
     * answers or {@code timeout} passes (then the answer is {@code expired}); the message then says what came of it.
     */
    Answer ask(ActionContext context, int step, String question, String role, Duration timeout)
            throws InterruptedException {
        String token = newToken();
        Instant now = clock.instant();
        store.create(token, RunbookPromptStore.ASK, context.requestId(), context.command().name(),
                context.channel().toString(), role, null, question, now, now.plus(timeout));
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        waiting.put(token, answer);
        String key = "runbook-ask:" + token;
        outbox.enqueue(OutboxMessage.of(context.channel(), key, RunbookMessages.askPrompt(context.command().name(),
                step, question, role, timeout, token)));
        // a click on another replica lands in the store only: look there now and then
        ScheduledFuture<?> watch = scheduler.scheduleWithFixedDelay(poll, poll, () -> decided(token)
                .ifPresent(answer::complete));
        Answer result;
        try {
            result = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result = store.expire(token, clock.instant()) ? new Answer("expired", null)
                    : decided(token).orElse(new Answer("expired", null));
        } catch (ExecutionException e) {
            throw new IllegalStateException("an answer future never fails", e);
        } finally {
            watch.cancel(false);
            waiting.remove(token);
        }
        outbox.enqueue(OutboxMessage.of(context.channel(), key, RunbookMessages.askAnswered(context.command().name(),
                step, question, result.decision(), result.by(), timeout)));
        return result;
    }

    private Optional<Answer> decided(String token) {
        try {
            return store.find(token).filter(p -> p.decision().isPresent())
                    .map(p -> new Answer(p.decision().get(), p.decidedBy().orElse(null)));
        } catch (RuntimeException e) {
            LOG.warn("Could not read runbook prompt {}; trying again", token, e);
            return Optional.empty();
        }
    }

    /**
     * Leaves a Roll back button that runs {@code line} once, for {@code length}; answers its token. {@code summary}
     * is what the runbook's message said, kept so the message still says it after the click.
     */
    String offerRollback(ActionContext context, String line, String role, String summary, Duration length) {
        String token = newToken();
        Instant now = clock.instant();
        store.create(token, RunbookPromptStore.ROLLBACK, context.requestId(), context.command().name(),
                context.channel().toString(), role, line, summary, now, now.plus(length));
        return token;
    }

    /** Continue or Abort, from a button or {@code runbook continue|abort <token>}. */
    Outcome answer(String token, boolean goOn, Caller caller) {
        Optional<Prompt> found = token == null ? Optional.empty() : store.find(token.strip())
                .filter(p -> p.kind().equals(RunbookPromptStore.ASK));
        if (found.isEmpty()) {
            return new Outcome.Rejected(Reply.error(RunbookMessages.noSuchQuestion()));
        }
        Prompt p = found.get();
        String decision = goOn ? "continue" : "abort";
        if (roles.check(caller, p.role()) instanceof AccessDecision.MissingRole) {
            String sentence = RunbookMessages.answerNeedsRole(p.role(), p.command());
            record(p, caller, decision, "denied", sentence);
            return new Outcome.Denied(Reply.error(sentence));
        }
        if (!store.decide(p.token(), decision, caller.mention(), clock.instant())) {
            return new Outcome.Rejected(Reply.error(RunbookMessages.questionClosed()));
        }
        String sentence = RunbookMessages.answered(p.command(), decision, caller.mention());
        record(p, caller, decision, "allowed", sentence);
        CompletableFuture<Answer> local = waiting.get(p.token());
        if (local != null) {
            local.complete(new Answer(decision, caller.mention()));
        }
        return new Outcome.Completed(RunbookMessages.askAnsweredByClick(p.command(), p.text(), decision,
                caller.mention()));
    }

    /** The Roll back button: runs the stored line as the person who clicked, once, while it has not expired. */
    Outcome rollback(String token, Caller caller, Progress progress) {
        Optional<Prompt> found = token == null ? Optional.empty() : store.find(token.strip())
                .filter(p -> p.kind().equals(RunbookPromptStore.ROLLBACK));
        if (found.isEmpty()) {
            return new Outcome.Rejected(Reply.error(RunbookMessages.rollbackGone()));
        }
        Prompt p = found.get();
        if (roles.check(caller, p.role()) instanceof AccessDecision.MissingRole) {
            String sentence = RunbookMessages.rollbackNeedsRole(p.role(), p.command());
            record(p, caller, "rollback", "denied", sentence);
            return new Outcome.Denied(Reply.error(sentence));
        }
        if (!store.decide(p.token(), "used", caller.mention(), clock.instant())) {
            return new Outcome.Rejected(Reply.error(RunbookMessages.rollbackGone()));
        }
        ChannelAddress channel = ChannelAddress.parse(p.channel()).orElse(ChannelAddress.CONSOLE);
        // The click on a red button people had an hour to think about is the confirmation; the rollback command's own
        // role is still checked by the pipeline, and its audit row joins the runbook's request id.
        Outcome outcome = dispatcher.get().dispatch(new CommandRequest(caller, channel,
                new CommandInput.Text(p.commandLine()), null, progress, true, p.requestId()));
        Reply reply = RunbookMessages.rolledBack(p.command(), p.text(), p.commandLine(), caller.mention(), outcome.reply(),
                outcome instanceof Outcome.Completed);
        return outcome instanceof Outcome.Completed ? new Outcome.Completed(reply) : new Outcome.Failed(reply);
    }

    private void record(Prompt p, Caller caller, String decision, String verdict, String sentence) {
        try {
            audit.record(new AuditEntry(p.requestId(), caller.platform().id(), caller.userId(), caller.displayName(),
                    p.channel(), p.command(), "runbook " + decision + " " + p.token(), Map.of(), clock.instant()),
                    verdict, sentence);
        } catch (RuntimeException e) {
            LOG.error("request {}: could not audit the {} of runbook prompt {}", p.requestId(), decision, p.token(), e);
        }
    }

    private String newToken() {
        StringBuilder t = new StringBuilder("rb-");
        for (int i = 0; i < 12; i++) {
            t.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return t.toString();
    }
}
