package dev.caretaker.pipeline;

import dev.caretaker.reply.Reply;
import dev.caretaker.security.Redactor;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.AuditQuery;
import dev.caretaker.store.AuditRecord;
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit interceptor alone: a row exists before the action starts and is completed after. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditInterceptorTest {

    private ApplicationContext context;
    private AuditLog audit;
    private AuditInterceptor interceptor;

    @BeforeAll
    void start() {
        context = TestContexts.start(Map.of());
        audit = context.getBean(AuditLog.class);
        interceptor = new AuditInterceptor(audit, new Redactor(), Clock.systemUTC());
    }

    @AfterAll
    void stop() {
        context.close();
    }

    private List<AuditRecord> rows(String command) {
        return audit.search(new AuditQuery(null, command, Instant.EPOCH, 10));
    }

    @Test
    void theRowSaysStartedWhileTheActionRunsAndOkAfter() {
        AtomicReference<List<AuditRecord>> during = new AtomicReference<>();
        var inv = Invocations.of(Invocations.plain("db vacuum", "operator"), People.OPERATOR, null);
        interceptor.apply(inv, i -> {
            during.set(rows("db vacuum"));
            return new Outcome.Completed(Reply.text("vacuumed"));
        });
        assertEquals("started", during.get().get(0).outcome());
        assertTrue(during.get().get(0).finished().isEmpty());
        AuditRecord after = rows("db vacuum").get(0);
        assertEquals("ok", after.outcome());
        assertTrue(after.finished().isPresent());
    }

    @Test
    void aFailureIsRecordedWithItsSentence() {
        var inv = Invocations.of(Invocations.plain("db reindex", "operator"), People.OPERATOR, null);
        interceptor.apply(inv, i -> new Outcome.Failed(Reply.error("the table is locked")));
        AuditRecord row = rows("db reindex").get(0);
        assertEquals("failed", row.outcome());
        assertEquals("the table is locked", row.detail());
    }
}
