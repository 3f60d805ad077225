package dev.caretaker.pipeline;

import dev.caretaker.reply.PlainText;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.Redactor;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Writes the audit row before the action starts and completes it after, so a crash mid-action leaves
 * a visible "started, never finished" row. Without an audit row nothing runs.
 */
public final class AuditInterceptor implements Interceptor {

    private static final Logger LOG = LoggerFactory.getLogger(AuditInterceptor.class);

    private final AuditLog audit;
    private final Redactor redactor;
    private final Clock clock;
    private final LateAuditFinish late;

    public AuditInterceptor(AuditLog audit, Redactor redactor, Clock clock) {
        this(audit, redactor, clock, LateAuditFinish.NEVER);
    }

    AuditInterceptor(AuditLog audit, Redactor redactor, Clock clock, LateAuditFinish late) {
        this.audit = audit;
        this.redactor = redactor;
        this.clock = clock;
        this.late = late;
    }

    @Override
    public Outcome apply(Invocation invocation, Chain chain) {
        long id;
        try {
            id = audit.start(AuditEntries.of(invocation, redactor));
        } catch (StoreException e) {
            LOG.error("request {}: audit row not written, so {} does not run", invocation.requestId(),
                    invocation.command().name(), e);
            return new Outcome.Failed(Reply.error(PipelineMessages.notRunAuditUnavailable(invocation.command().name(),
                    invocation.requestId())));
        }
        Instant started = clock.instant();
        Outcome outcome = chain.proceed(invocation);
        Instant finished = clock.instant();
        boolean ok = outcome instanceof Outcome.Completed;
        String detail = detail(invocation, ok ? null : AuditEntries.detail(outcome.reply()));
        int chars = PlainText.render(outcome.reply()).length();
        Runnable finish = () -> audit.finish(id, ok ? "ok" : "failed", detail, finished,
                Duration.between(started, finished), chars);
        try {
            finish.run();
        } catch (StoreException e) {
            // the action ran: its row must not stay "started" as if it had died, so it is completed when the database is back
            LOG.warn("request {}: audit row {} not completed yet ({}); retrying", invocation.requestId(), id,
                    e.getMessage());
            late.keepTrying(invocation.requestId(), id, finish);
        }
        return outcome;
    }

    /** The failure's sentence, after the invocation's note (how it was checked) when it has one. */
    private static String detail(Invocation invocation, String failure) {
        if (invocation.note() == null) {
            return failure;
        }
        return failure == null ? invocation.note() : invocation.note() + " " + failure;
    }
}
