package dev.caretaker.digest;

import dev.caretaker.config.ClockFactory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The application clock fixed at {@code caretaker.test.clock} and moved by the test. */
@Singleton
@Replaces(value = Clock.class, factory = ClockFactory.class)
@Requires(property = "caretaker.test.clock")
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;

    public MutableClock(@Value("${caretaker.test.clock}") String start) {
        this.now = new AtomicReference<>(Instant.parse(start));
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    public void advance(Duration d) {
        now.updateAndGet(i -> i.plus(d));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now.get(), zone);
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
