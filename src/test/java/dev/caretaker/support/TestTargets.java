package dev.caretaker.support;

import dev.caretaker.target.TargetSpec;
import dev.caretaker.target.Targets;
import dev.caretaker.target.postgres.PostgresTargetType;
import dev.caretaker.target.postgres.PostgresTargets;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/** The postgres targets as the context builds them, for tests that build actions by hand. */
public final class TestTargets {

    private TestTargets() {
    }

    /** @param botDatabase the bot's own database (then it is the target {@code caretaker} when none is given), or null */
    public static PostgresTargets postgres(Collection<TargetSpec> specs, Supplier<DataSource> botDatabase) {
        Targets targets = new Targets(specs, List.of(new PostgresTargetType(botDatabase != null)));
        return new PostgresTargets(targets, botDatabase, Clock.systemUTC(), TestScheduler.SCHEDULER);
    }
}
