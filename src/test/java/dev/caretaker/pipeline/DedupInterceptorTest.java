package dev.caretaker.pipeline;

import dev.caretaker.store.InMemoryCoordinator;
import dev.caretaker.support.People;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class DedupInterceptorTest {

    private final DedupInterceptor dedup = new DedupInterceptor(new InMemoryCoordinator(Clock.systemUTC()));
    private final Invocations.Counting end = new Invocations.Counting();

    @Test
    void aRepeatedDeliveryIsAnsweredAsDuplicateWithoutRunning() {
        var inv = Invocations.of(Invocations.plain("status", "viewer"), People.OPERATOR, "Ev1");
        assertInstanceOf(Outcome.Completed.class, dedup.apply(inv, end));
        assertInstanceOf(Outcome.Duplicate.class, dedup.apply(inv, end));
        assertEquals(1, end.calls.get());
    }

    @Test
    void requestsWithoutDeliveryIdAlwaysRun() {
        var inv = Invocations.of(Invocations.plain("status", "viewer"), People.OPERATOR, null);
        dedup.apply(inv, end);
        dedup.apply(inv, end);
        assertEquals(2, end.calls.get());
    }
}
