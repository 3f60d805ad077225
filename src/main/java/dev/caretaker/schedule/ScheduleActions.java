package dev.caretaker.schedule;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.store.ScheduleStore;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code schedule} commands: {@code list}, {@code run <name>}, {@code pause <name>}, {@code resume <name>}. */
@Factory
public class ScheduleActions {

    private final Schedules schedules;
    private final ScheduleService service;
    private final ScheduleStore store;
    private final Clock clock;

    public ScheduleActions(Schedules schedules, ScheduleService service, ScheduleStore store, Clock clock) {
        this.schedules = schedules;
        this.service = service;
        this.store = store;
        this.clock = clock;
    }

    @Singleton
    @Named("schedule.list")
    Action list() {
        return context -> {
            Instant now = clock.instant();
            List<ScheduleMessages.Row> rows = new ArrayList<>();
            for (Schedule s : schedules.all()) {
                rows.add(new ScheduleMessages.Row(s, store.state(s.name()), store.latest(s.name()),
                        s.cron().next(now, s.zone())));
            }
            return ActionResult.ok(ScheduleMessages.list(rows));
        };
    }

    @Singleton
    @Named("schedule.run")
    Action run() {
        return context -> {
            Optional<Schedule> schedule = named(context);
            if (schedule.isEmpty()) {
                return ActionResult.failed(ScheduleMessages.unknown(context.args().string("name").orElse(""), names()));
            }
            Outcome outcome = service.runNow(schedule.get(), context);
            return outcome instanceof Outcome.Completed
                    ? ActionResult.ok(ScheduleMessages.ranNow(schedule.get(), outcome.reply()))
                    : new ActionResult.Failed(ScheduleMessages.ranNow(schedule.get(), outcome.reply()));
        };
    }

    @Singleton
    @Named("schedule.pause")
    Action pause() {
        return context -> setPaused(context, true);
    }

    @Singleton
    @Named("schedule.resume")
    Action resume() {
        return context -> setPaused(context, false);
    }

    private ActionResult setPaused(ActionContext context, boolean paused) {
        Optional<Schedule> schedule = named(context);
        if (schedule.isEmpty()) {
            return ActionResult.failed(ScheduleMessages.unknown(context.args().string("name").orElse(""), names()));
        }
        boolean changed = store.setPaused(schedule.get().name(), paused, context.caller().mention(), clock.instant());
        return ActionResult.ok(ScheduleMessages.paused(schedule.get(), paused, changed, context.caller().mention()));
    }

    private Optional<Schedule> named(ActionContext context) {
        return context.args().string("name").flatMap(schedules::find);
    }

    private List<String> names() {
        return schedules.all().stream().map(Schedule::name).toList();
    }
}
