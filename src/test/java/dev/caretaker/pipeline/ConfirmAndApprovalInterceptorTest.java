package dev.caretaker.pipeline;

import dev.caretaker.reply.ButtonActions;
import dev.caretaker.store.PendingInvocation;
import dev.caretaker.store.PendingStore;
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The confirm and approval interceptors alone, over the real pending store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfirmAndApprovalInterceptorTest {

    private ApplicationContext context;
    private PendingStore store;
    private PendingRequests pending;
    private final Invocations.Counting end = new Invocations.Counting();

    @BeforeAll
    void start() {
        context = TestContexts.start(Map.of());
        store = context.getBean(PendingStore.class);
        pending = new PendingRequests(store, Clock.systemUTC());
    }

    @org.junit.jupiter.api.BeforeEach
    void resetCounter() {
        end.calls.set(0);
    }

    @AfterAll
    void stop() {
        context.close();
    }

    @Test
    void confirmCommandWaitsWithButtonsAndAFiveMinuteSingleUseToken() {
        var spec = Invocations.spec("db cancel", "operator", true, 1, Duration.ZERO, Set.of());
        Outcome o = new ConfirmInterceptor(pending).apply(Invocations.of(spec, People.OPERATOR, null), end);
        Outcome.Pending p = assertInstanceOf(Outcome.Pending.class, o);
        assertEquals(0, end.calls.get());
        assertEquals(List.of("Confirm", "Cancel"), p.reply().buttons().stream().map(b -> b.label()).toList());
        assertTrue(p.reply().buttons().stream().allMatch(b -> b.value().equals(p.token())));
        PendingInvocation row = store.findOpen(p.token(), Instant.now()).orElseThrow();
        assertEquals(PendingInvocation.CONFIRM, row.kind());
        assertEquals(Duration.ofMinutes(5), Duration.between(row.createdAt(), row.expiresAt()));
        assertTrue(store.resolve(p.token(), "confirmed", Instant.now()).isPresent());
        assertTrue(store.resolve(p.token(), "confirmed", Instant.now()).isEmpty(), "single use");
    }

    @Test
    void confirmedInvocationPassesStraightThrough() {
        var spec = Invocations.spec("db cancel", "operator", true, 1, Duration.ZERO, Set.of());
        var inv = Invocations.of(spec, People.OPERATOR, null);
        var confirmed = new Invocation(inv.requestId(), inv.caller(), inv.channel(), spec, inv.args(), inv.commandLine(),
                inv.receivedAt(), null, true, List.of(), null);
        assertInstanceOf(Outcome.Completed.class, new ConfirmInterceptor(pending).apply(confirmed, end));
    }

    @Test
    void approvalWaitsFifteenMinutesForOneMorePerson() {
        var spec = Invocations.spec("db terminate", "admin", false, 2, Duration.ZERO, Set.of());
        Outcome.Pending p = (Outcome.Pending) new ApprovalInterceptor(pending)
                .apply(Invocations.of(spec, People.ADMIN, null), end);
        assertTrue(p.approval());
        assertEquals(List.of(ButtonActions.APPROVE, ButtonActions.REJECT),
                p.reply().buttons().stream().map(b -> b.actionId()).toList());
        PendingInvocation row = store.findOpen(p.token(), Instant.now()).orElseThrow();
        assertEquals(1, row.approvalsNeeded());
        assertEquals(Duration.ofMinutes(15), Duration.between(row.createdAt(), row.expiresAt()));
        assertEquals(0, end.calls.get());
    }

    @Test
    void anApproverCountsOnce() {
        var spec = Invocations.spec("db terminate", "admin", false, 3, Duration.ZERO, Set.of());
        Outcome.Pending p = (Outcome.Pending) new ApprovalInterceptor(pending)
                .apply(Invocations.of(spec, People.ADMIN, null), end);
        var approver = new PendingInvocation.Approver("slack:U_ADMIN2", "ada2");
        assertTrue(store.addApproval(p.token(), approver, Instant.now()).isPresent());
        assertTrue(store.addApproval(p.token(), approver, Instant.now()).isEmpty());
    }

    @Test
    void expiredTokensCannotBeUsed() {
        var spec = Invocations.spec("db cancel", "operator", true, 1, Duration.ZERO, Set.of());
        Outcome.Pending p = (Outcome.Pending) new ConfirmInterceptor(pending)
                .apply(Invocations.of(spec, People.OPERATOR, null), end);
        Instant later = Instant.now().plus(Duration.ofMinutes(6));
        assertTrue(store.resolve(p.token(), "confirmed", later).isEmpty());
    }
}
