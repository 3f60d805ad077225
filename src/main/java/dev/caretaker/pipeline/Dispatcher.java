package dev.caretaker.pipeline;

import dev.caretaker.command.CommandRegistry;
import dev.caretaker.command.ParsedCommand;
import dev.caretaker.command.Parser;
import dev.caretaker.command.TargetCatalog;
import dev.caretaker.command.UsageException;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platform;
import dev.caretaker.action.Progress;
import dev.caretaker.command.CommandMessages;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.security.AccessDecision;
import dev.caretaker.security.Caller;
import dev.caretaker.security.Redactor;
import dev.caretaker.security.RoleMessages;
import dev.caretaker.security.RoleResolver;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.Coordinator;
import dev.caretaker.store.PendingInvocation;
import dev.caretaker.store.PendingStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where every command from every adapter goes: parse, then dedup → authorize → cooldown → confirm →
 * approval → audit → metrics → action. The first two decide whether a command may run at all; {@link #admit}
 * stops after them so an adapter can learn that before the rest runs. Never throws: every failure is an
 * {@link Outcome} with one sentence.
 */
@Singleton
public class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** How often a finished action's audit row is tried again while the database is unreachable. */
    private static final java.time.Duration AUDIT_RETRY = java.time.Duration.ofSeconds(1);
    private static final String ID_ALPHABET = "abcdefghijkmnopqrstuvwxyz0123456789";
    /** What the end of the checks answers: only this instance means "admitted"; nobody ever reads its reply. */
    private static final Outcome ADMITTED = new Outcome.Completed(Reply.builder().build());

    private final CommandCatalog catalog;
    private final Parser parser;
    private final PendingStore pendingStore;
    private final PendingRequests pending;
    private final RoleResolver roles;
    private final AuditLog audit;
    private final Redactor redactor;
    private final Clock clock;
    private final List<Interceptor> checks;
    private final Interceptor.Chain execution;
    private final SecureRandom random = new SecureRandom();
    private final List<ButtonHandler> buttonHandlers;

    public Dispatcher(CommandCatalog catalog, Optional<TargetCatalog> targets, PendingStore pendingStore,
                      RoleResolver roles, AuditLog audit, Coordinator coordinator, Redactor redactor,
                      MeterRegistry meters, Clock clock, List<ButtonHandler> buttonHandlers,
                      @Named(TaskExecutors.BLOCKING) ExecutorService workers,
                      @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.catalog = catalog;
        this.buttonHandlers = List.copyOf(buttonHandlers);
        this.parser = new Parser(catalog.registry(), targets.orElse(TargetCatalog.NONE));
        this.pendingStore = pendingStore;
        this.pending = new PendingRequests(pendingStore, clock);
        this.roles = roles;
        this.audit = audit;
        this.redactor = redactor;
        this.clock = clock;
        // Checks only decide (they never look at what comes back), so the chain can pause after them: see admit().
        this.checks = List.of(
                new DedupInterceptor(coordinator, meters),
                new AuthorizeInterceptor(roles));
        // actions block (JDBC, exec, HTTP): Micronaut's blocking executor runs each on its own virtual thread
        this.execution = Interceptor.compose(List.of(
                new CooldownInterceptor(coordinator),
                new ConfirmInterceptor(pending, new Previews(catalog, redactor, workers)),
                new ApprovalInterceptor(pending, new Previews(catalog, redactor, workers)),
                new AuditInterceptor(audit, redactor, clock, new LateAuditFinish(scheduler, clock, AUDIT_RETRY)),
                new MetricsInterceptor(meters)), new ActionRunner(catalog, redactor, workers));
    }

    public CommandRegistry registry() {
        return catalog.registry();
    }

    /** Parses (or binds) and runs one command. */
    public Outcome dispatch(CommandRequest request) {
        return admit(request).proceed();
    }

    /**
     * Parses (or binds) one command and runs the checks that decide whether it may run at all (dedup, authorize),
     * nothing more; {@link Admission#proceed()} runs the rest. For an adapter that must know before the work starts
     * whether the answer is a refusal or the command's own (Discord defers its reply within 3 s).
     */
    public Admission admit(CommandRequest request) {
        String requestId = request.requestId() != null ? request.requestId() : newRequestId();
        try (var mdc = InvocationMdc.open(requestId, request.caller(), request.channel(), null)) {
            ParsedCommand parsed;
            try {
                parsed = parser.parse(request.input());
            } catch (UsageException e) {
                return Admission.refused(new Outcome.Rejected(Reply.error(e.getMessage())));
            }
            Invocation inv = new Invocation(requestId, request.caller(), request.channel(), parsed.command(),
                    parsed.args(), request.input().line().strip(), clock.instant(), request.deliveryId(),
                    request.preConfirmed(), List.of(), request.progress());
            return admit(inv);
        } catch (RuntimeException e) {
            LOG.error("request {}: unexpected failure", requestId, e);
            return Admission.refused(new Outcome.Failed(Reply.error(CommandMessages.internalError(requestId))));
        }
    }

    /**
     * Answers any button click: Confirm / Cancel / Approve / Reject go to {@link #decide}; other action ids
     * to the {@link ButtonHandler} that handles them. Adapters call this for every click.
     */
    public Outcome click(String actionId, String value, Caller caller, Progress progress) {
        Decision decision = switch (actionId) {
            case ButtonActions.CONFIRM -> Decision.CONFIRM;
            case ButtonActions.CANCEL -> Decision.CANCEL;
            case ButtonActions.APPROVE -> Decision.APPROVE;
            case ButtonActions.REJECT -> Decision.REJECT;
            default -> null;
        };
        if (decision != null) {
            return decide(value, decision, caller, progress);
        }
        for (ButtonHandler handler : buttonHandlers) {
            if (handler.handles(actionId)) {
                try {
                    return handler.click(actionId, value, caller, progress);
                } catch (RuntimeException e) {
                    String requestId = newRequestId();
                    LOG.error("request {}: button {} failed", requestId, actionId, e);
                    return new Outcome.Failed(Reply.error(CommandMessages.internalError(requestId)));
                }
            }
        }
        return new Outcome.Denied(Reply.error(PipelineMessages.unknownButton()));
    }

    /** Answers a pending confirmation or approval (a button click, or {@code confirm <token>} on the console). */
    public Outcome decide(String token, Decision decision, Caller caller, Progress progress) {
        String requestId = newRequestId();
        try (var mdc = InvocationMdc.open(requestId, caller, null, null)) {
            Optional<PendingInvocation> open = pendingStore.findOpen(token == null ? "" : token.trim(), clock.instant());
            if (open.isEmpty()) {
                return new Outcome.Denied(Reply.error(PipelineMessages.pendingNotFound()));
            }
            PendingInvocation p = open.get();
            return p.kind().equals(PendingInvocation.CONFIRM)
                    ? decideConfirmation(p, decision, caller, progress, requestId)
                    : decideApproval(p, decision, caller, progress, requestId);
        } catch (RuntimeException e) {
            LOG.error("request {}: unexpected failure deciding {}", requestId, token, e);
            return new Outcome.Failed(Reply.error(CommandMessages.internalError(requestId)));
        }
    }

    private Outcome decideConfirmation(PendingInvocation p, Decision decision, Caller caller, Progress progress,
                                       String requestId) {
        if (!requesterKey(p).equals(caller.key())) {
            return new Outcome.Denied(Reply.error(PipelineMessages.onlyRequesterMayConfirm(p.userName())));
        }
        if (decision == Decision.CANCEL || decision == Decision.REJECT) {
            return close(p, "cancelled", PipelineMessages.cancelledBy(caller.mention(), p.commandLine()));
        }
        if (pendingStore.resolve(p.token(), "confirmed", clock.instant()).isEmpty()) {
            return new Outcome.Denied(Reply.error(PipelineMessages.pendingNotFound()));
        }
        Outcome outcome = rerun(p, true, List.of(), progress, requestId);
        return withNote(outcome, PipelineMessages.confirmedBy(caller.mention()));
    }

    private Outcome decideApproval(PendingInvocation p, Decision decision, Caller caller, Progress progress,
                                   String requestId) {
        boolean isRequester = requesterKey(p).equals(caller.key());
        if (decision == Decision.REJECT || decision == Decision.CANCEL) {
            if (!isRequester && roles.check(caller, p.requiredRole()) instanceof AccessDecision.MissingRole) {
                return new Outcome.Denied(Reply.error(RoleMessages.missingRole(p.requiredRole(), p.command())));
            }
            return close(p, "rejected", PipelineMessages.rejectedBy(caller.mention(), p.commandLine()));
        }
        if (isRequester) {
            return new Outcome.Denied(Reply.error(PipelineMessages.requesterCannotApprove()));
        }
        if (roles.check(caller, p.requiredRole()) instanceof AccessDecision.MissingRole) {
            return new Outcome.Denied(Reply.error(RoleMessages.missingRole(p.requiredRole(), p.command())));
        }
        Optional<PendingInvocation> updated = pendingStore.addApproval(p.token(),
                new PendingInvocation.Approver(caller.key(), caller.displayName()), clock.instant());
        if (updated.isEmpty()) {
            boolean already = p.approvedBy().stream().anyMatch(a -> a.key().equals(caller.key()));
            return new Outcome.Denied(Reply.error(already ? PipelineMessages.alreadyApproved()
                    : PipelineMessages.pendingNotFound()));
        }
        PendingInvocation now = updated.get();
        int more = now.approvalsNeeded() - now.approvedBy().size();
        if (more > 0) {
            Reply reply = PendingRequests.approvalReply(requester(p).mention(), p.commandLine(), p.requiredRole(), more,
                    List.of(new Block.Field(PipelineMessages.approvedByLabel(), caller.mention())), p.token(),
                    caller.platform().equals(Platform.CONSOLE));
            return new Outcome.Pending(reply, p.token(), true);
        }
        if (pendingStore.resolve(p.token(), "approved", clock.instant()).isEmpty()) {
            return new Outcome.Denied(Reply.error(PipelineMessages.pendingNotFound()));
        }
        List<Caller> approvers = now.approvedBy().stream()
                .map(a -> new Caller(Platform.fromId(a.key().substring(0, a.key().indexOf(':'))).orElse(Platform.CONSOLE),
                        a.key().substring(a.key().indexOf(':') + 1), a.name(), java.util.Set.of()))
                .toList();
        Outcome outcome = rerun(p, true, approvers, progress, requestId);
        return withNote(outcome, PipelineMessages.approvedBy(caller.mention()));
    }

    /** Runs a confirmed or approved request again through the whole chain: roles may have changed meanwhile. */
    private Outcome rerun(PendingInvocation p, boolean confirmed, List<Caller> approvers, Progress progress,
                          String requestId) {
        ParsedCommand parsed;
        try {
            parsed = parser.parse(p.commandLine());
        } catch (UsageException e) {
            return new Outcome.Rejected(Reply.error(e.getMessage()));
        }
        ChannelAddress channel = ChannelAddress.parse(p.channel()).orElse(ChannelAddress.CONSOLE);
        Invocation inv = new Invocation(requestId, requester(p), channel, parsed.command(), parsed.args(),
                p.commandLine(), clock.instant(), null, confirmed, approvers, progress);
        return admit(inv).proceed();
    }

    /**
     * Runs the checks only; whatever they decide waits for {@link Admission#proceed()}: the rest of the chain for
     * an admitted invocation, the audit row and log line for a refused one.
     */
    private Admission admit(Invocation inv) {
        try (var mdc = InvocationMdc.open(inv)) {
            AtomicReference<Invocation> admitted = new AtomicReference<>();
            Outcome early = Interceptor.compose(checks, checked -> {
                admitted.set(checked);
                return ADMITTED;
            }).proceed(inv);
            if (early == ADMITTED) {
                return Admission.admitted(inv.command(), () -> execute(admitted.get()));
            }
            return Admission.refused(inv.command(), early, () -> {
                try (var scope = InvocationMdc.open(inv)) {
                    return finish(inv, early);
                }
            });
        }
    }

    /** The rest of the chain for an admitted invocation, possibly on another thread than its checks. */
    private Outcome execute(Invocation inv) {
        try (var mdc = InvocationMdc.open(inv)) {
            try {
                return finish(inv, execution.proceed(inv));
            } catch (RuntimeException e) {
                LOG.error("request {}: unexpected failure", inv.requestId(), e);
                return new Outcome.Failed(Reply.error(CommandMessages.internalError(inv.requestId())));
            }
        }
    }

    /** Records a refusal or a wait in the audit (the audit interceptor records what runs) and logs the outcome. */
    private Outcome finish(Invocation inv, Outcome outcome) {
        if (outcome instanceof Outcome.Denied || outcome instanceof Outcome.Pending) {
            String decision = outcome instanceof Outcome.Denied ? "denied" : "pending";
            try {
                audit.record(AuditEntries.of(inv, redactor), decision, AuditEntries.detail(outcome.reply()));
            } catch (RuntimeException e) {
                LOG.error("request {}: could not record the {} decision", inv.requestId(), decision, e);
            }
        }
        LOG.info("request {}: {} by {} in {} -> {}", inv.requestId(), inv.command().name(), inv.caller().key(),
                inv.channel(), outcome.getClass().getSimpleName());
        return outcome;
    }

    private Outcome close(PendingInvocation p, String resolution, String sentence) {
        if (pendingStore.resolve(p.token(), resolution, clock.instant()).isEmpty()) {
            return new Outcome.Denied(Reply.error(PipelineMessages.pendingNotFound()));
        }
        try {
            var entry = new dev.caretaker.store.AuditEntry(p.requestId(), p.platform(), p.userId(), p.userName(),
                    p.channel(), p.command(), redactor.redact(p.commandLine()), java.util.Map.of(), clock.instant());
            audit.record(entry, resolution, sentence);
        } catch (RuntimeException e) {
            LOG.error("request {}: could not record the {} decision", p.requestId(), resolution, e);
        }
        return new Outcome.Completed(Reply.builder().severity(Severity.INFO).text(sentence).build());
    }

    private static Outcome withNote(Outcome outcome, String note) {
        Reply r = outcome.reply();
        List<String> footer = new ArrayList<>();
        footer.add(note);
        if (r.footer() != null) {
            footer.add(r.footer());
        }
        Reply noted = r.toBuilder().footer(String.join(" ", footer)).build();
        if (outcome instanceof Outcome.Completed) {
            return new Outcome.Completed(noted);
        }
        if (outcome instanceof Outcome.Failed) {
            return new Outcome.Failed(noted);
        }
        return outcome;
    }

    private static Caller requester(PendingInvocation p) {
        return new Caller(Platform.fromId(p.platform()).orElse(Platform.CONSOLE), p.userId(), p.userName(),
                p.userGroups());
    }

    private static String requesterKey(PendingInvocation p) {
        return p.platform() + ":" + p.userId();
    }

    /** A new request id as users see it ({@code r-} and eight letters or digits). */
    public String newRequestId() {
        StringBuilder id = new StringBuilder("r-");
        for (int i = 0; i < 8; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }
}
