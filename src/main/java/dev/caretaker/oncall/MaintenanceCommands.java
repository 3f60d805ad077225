package dev.caretaker.oncall;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionResult;
import dev.caretaker.command.Durations;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.Caller;
import dev.caretaker.store.MaintenanceWindow;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The maintenance commands of {@code caretaker/commands/oncall.yml}: {@code maint on / off / status / list}. */
@Factory
public class MaintenanceCommands {

    private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,100}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,100}");
    /** How far in the past {@code at=} may be and still mean "now" (the time it took to type the command). */
    private static final Duration AT_SLACK = Duration.ofMinutes(1);

    @Singleton
    @Named("maint.on")
    Action on(MaintenanceService maintenance, Rotations rotations, Clock clock) {
        return context -> {
            Instant now = clock.instant();
            ZoneId zone = zoneOf(context.caller(), rotations, maintenance.config());
            Optional<Duration> duration = context.args().duration("duration");
            if (duration.isEmpty()) {
                return ActionResult.failed(MaintenanceMessages.needsDuration());
            }
            Duration max = maintenance.config().maxDuration();
            if (duration.get().compareTo(Duration.ofMinutes(1)) < 0 || duration.get().compareTo(max) > 0) {
                return ActionResult.failed(MaintenanceMessages.durationOutOfRange(Durations.format(max)));
            }
            Instant startsAt = now;
            Optional<String> at = context.args().string("at");
            if (at.isPresent()) {
                Optional<Instant> parsed = parseAt(at.get(), zone);
                if (parsed.isEmpty()) {
                    return ActionResult.failed(MaintenanceMessages.badAt(at.get()));
                }
                if (parsed.get().isBefore(now.minus(AT_SLACK))) {
                    return ActionResult.failed(MaintenanceMessages.atInThePast(Times.at(parsed.get(), zone)));
                }
                startsAt = parsed.get().isBefore(now) ? now : parsed.get();
            }
            List<String> targets = new ArrayList<>();
            Optional<String> rawTargets = context.args().string("targets");
            if (rawTargets.isPresent()) {
                for (String t : rawTargets.get().split(",", -1)) {
                    if (!TARGET.matcher(t.strip()).matches()) {
                        return ActionResult.failed(MaintenanceMessages.badTargets(rawTargets.get()));
                    }
                    if (!targets.contains(t.strip())) {
                        targets.add(t.strip());
                    }
                }
            }
            Map<String, String> matchers = new LinkedHashMap<>();
            Optional<String> rawMatch = context.args().string("match");
            if (rawMatch.isPresent()) {
                for (String pair : rawMatch.get().split(",", -1)) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0 || eq == pair.length() - 1 || !LABEL.matcher(pair.substring(0, eq).strip()).matches()) {
                        return ActionResult.failed(MaintenanceMessages.badMatch(rawMatch.get()));
                    }
                    matchers.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                }
            }
            String reason = context.args().string("reason").map(String::strip).orElse("");
            MaintenanceWindow w = maintenance.open(new MaintenanceService.Request(reason, targets, matchers, startsAt,
                    duration.get(), context.caller(), context.channel()));
            String covers = MaintenanceMessages.covers(w.targets(), w.matchers());
            if (w.startsAt().isAfter(now)) {
                return ActionResult.ok(Reply.text(MaintenanceMessages.planned(w.id(), covers, Times.at(w.startsAt(), zone),
                        Times.at(w.endsAt(), zone))));
            }
            return ActionResult.ok(Reply.text(MaintenanceMessages.opened(w.id(), covers, Times.at(w.endsAt(), zone),
                    duration.get(), maintenance.config().channels().stream().map(Object::toString).toList())));
        };
    }

    @Singleton
    @Named("maint.off")
    Action off(MaintenanceService maintenance) {
        return context -> {
            Optional<Long> id = context.args().integer("id");
            if (id.isEmpty()) {
                List<Long> open = maintenance.open().stream().map(MaintenanceWindow::id).toList();
                if (open.isEmpty()) {
                    return ActionResult.failed(MaintenanceMessages.noneToEnd());
                }
                if (open.size() > 1) {
                    return ActionResult.failed(MaintenanceMessages.severalToEnd(open));
                }
                id = Optional.of(open.get(0));
            }
            Optional<MaintenanceWindow> ended = maintenance.end(id.get(), context.caller());
            if (ended.isEmpty()) {
                return ActionResult.failed(MaintenanceMessages.noSuchWindow(id.get()));
            }
            return ActionResult.ok(Reply.text(ended.get().cancelled() ? MaintenanceMessages.cancelled(id.get())
                    : MaintenanceMessages.ended(id.get())));
        };
    }

    @Singleton
    @Named("maint.status")
    Action status(MaintenanceService maintenance, MaintenanceRenderer renderer, Rotations rotations, Clock clock) {
        return context -> {
            List<MaintenanceWindow> open = maintenance.open();
            if (open.isEmpty()) {
                return ActionResult.ok(Reply.text(MaintenanceMessages.noneOn()));
            }
            return ActionResult.ok(renderer.status(open, maintenance.held(open), clock.instant(),
                    zoneOf(context.caller(), rotations, maintenance.config())));
        };
    }

    @Singleton
    @Named("maint.list")
    Action list(MaintenanceService maintenance, MaintenanceRenderer renderer, Rotations rotations, Clock clock) {
        return context -> {
            Duration since = context.args().duration("since").orElse(Duration.ofDays(7));
            Instant now = clock.instant();
            List<MaintenanceWindow> windows = maintenance.since(now.minus(since), MaintenanceRenderer.MAX_ROWS);
            if (windows.isEmpty()) {
                return ActionResult.ok(Reply.text(MaintenanceMessages.noneSince(Durations.format(since))));
            }
            return ActionResult.ok(renderer.list(Durations.format(since), windows, maintenance.held(windows), now,
                    zoneOf(context.caller(), rotations, maintenance.config())));
        };
    }

    /** The asker's own zone when a rotation lists them with one, else the maintenance zone. */
    static ZoneId zoneOf(Caller caller, Rotations rotations, MaintenanceConfig config) {
        return rotations.personOf(caller).flatMap(OnCallPerson::zone).orElse(config.zone());
    }

    /** {@code 2025-10-25T22:00:00Z}, {@code 2025-10-25T22:00+02:00}, or {@code 2025-10-25T22:00} in {@code zone}. */
    static Optional<Instant> parseAt(String text, ZoneId zone) {
        String t = text.strip();
        try {
            return Optional.of(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeException e) {
            // not with an offset: try local time below
        }
        try {
            return Optional.of(LocalDateTime.parse(t).atZone(zone).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

}
