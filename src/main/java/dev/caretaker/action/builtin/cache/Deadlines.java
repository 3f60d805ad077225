package dev.caretaker.action.builtin.cache;

import dev.caretaker.action.ActionContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** When a cache action stops on its own: a little before the command's timeout, so it can still say how far it got. */
final class Deadlines {

    /** Time kept back from the timeout for the last batch and the reply. */
    static final Duration MARGIN = Duration.ofSeconds(2);

    private Deadlines() {
    }

    static Instant of(ActionContext context, Clock clock) {
        Duration timeout = context.command().timeout();
        Duration margin = timeout.compareTo(MARGIN.multipliedBy(5)) < 0 ? timeout.dividedBy(5) : MARGIN;
        return clock.instant().plus(timeout.minus(margin));
    }

    /** For previews: at most {@code cap} of counting, within the command's own limit. */
    static Instant capped(ActionContext context, Clock clock, Duration cap) {
        Instant cut = clock.instant().plus(cap);
        Instant limit = of(context, clock);
        return cut.isBefore(limit) ? cut : limit;
    }
}
