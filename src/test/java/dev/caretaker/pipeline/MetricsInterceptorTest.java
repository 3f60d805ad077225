package dev.caretaker.pipeline;

import dev.caretaker.reply.Reply;
import dev.caretaker.support.People;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MetricsInterceptorTest {

    @Test
    void timesEachRunByCommandAndOutcome() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MetricsInterceptor metrics = new MetricsInterceptor(registry);
        var inv = Invocations.of(Invocations.plain("db vacuum", "operator"), People.OPERATOR, null);
        metrics.apply(inv, new Invocations.Counting());
        metrics.apply(inv, new Invocations.Counting());
        metrics.apply(inv, i -> new Outcome.Failed(Reply.text("no")));
        assertEquals(2, registry.get("caretaker.command").tag("command", "db vacuum").tag("outcome", "ok").timer().count());
        assertEquals(1, registry.get("caretaker.command").tag("outcome", "failed").timer().count());
    }
}
