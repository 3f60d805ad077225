package dev.caretaker.pipeline;

import dev.caretaker.reply.PlainText;
import dev.caretaker.reply.Reply;
import dev.caretaker.store.InMemoryCoordinator;
import dev.caretaker.support.People;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class CooldownInterceptorTest {

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-26T09:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MutableClock clock = new MutableClock();
    private final CooldownInterceptor cooldown = new CooldownInterceptor(new InMemoryCoordinator(clock));
    private final Invocations.Counting end = new Invocations.Counting();
    private final Invocation inv = Invocations.of(Invocations.spec("cache clear", "operator", false, 1,
            Duration.ofMinutes(10), Set.of()), People.OPERATOR, null);

    @Test
    void secondRunWithinTheCooldownIsRefusedWithTheTimeLeft() {
        end.proceed(inv);
        cooldown.apply(inv, end);
        clock.now = clock.now.plus(Duration.ofMinutes(4));
        Outcome o = cooldown.apply(inv, end);
        assertEquals("`cache clear` ran recently; it can run again in 6m.\n", PlainText.render(o.reply()));
        clock.now = clock.now.plus(Duration.ofMinutes(7));
        assertInstanceOf(Outcome.Completed.class, cooldown.apply(inv, end));
        assertEquals(3, end.calls.get());
    }

    @Test
    void aRequestThatOnlyWaitsForConfirmationDoesNotUseTheCooldown() {
        Interceptor.Chain pending = i -> new Outcome.Pending(Reply.text("confirm?"), "tok");
        cooldown.apply(inv, pending);
        assertInstanceOf(Outcome.Completed.class, cooldown.apply(inv, end));
    }
}
