package dev.caretaker.pipeline;

import dev.caretaker.store.StoreException;
import io.micronaut.scheduling.TaskScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Completes an audit row whose action ran while the database could not be reached: tries again on the scheduler
 * until the database is back (or gives up after {@link #GIVE_UP}, loudly), so the audit never shows a finished action as
 * "started, never finished".
 */
final class LateAuditFinish {

    /** Completes nothing later: for a pipeline built without a scheduler (unit tests). */
    static final LateAuditFinish NEVER = new LateAuditFinish(null, Clock.systemUTC(), Duration.ZERO);

    static final Duration GIVE_UP = Duration.ofHours(6);
    private static final Logger LOG = LoggerFactory.getLogger(LateAuditFinish.class);

    private final TaskScheduler scheduler;
    private final Clock clock;
    private final Duration every;

    LateAuditFinish(TaskScheduler scheduler, Clock clock, Duration every) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.every = every;
    }

    void keepTrying(String requestId, long auditId, Runnable finish) {
        if (scheduler == null) {
            LOG.error("request {}: audit row {} stays unfinished: no scheduler to complete it later", requestId, auditId);
            return;
        }
        Instant until = clock.instant().plus(GIVE_UP);
        scheduler.schedule(every, () -> attempt(requestId, auditId, finish, until));
    }

    private void attempt(String requestId, long auditId, Runnable finish, Instant until) {
        try {
            finish.run();
            LOG.info("request {}: audit row {} completed after the database came back", requestId, auditId);
        } catch (StoreException e) {
            if (clock.instant().isAfter(until)) {
                LOG.error("request {}: audit row {} could not be completed within {}", requestId, auditId, GIVE_UP, e);
                return;
            }
            scheduler.schedule(every, () -> attempt(requestId, auditId, finish, until));
        } catch (RuntimeException e) {
            LOG.error("request {}: audit row {} could not be completed", requestId, auditId, e);
        }
    }
}
