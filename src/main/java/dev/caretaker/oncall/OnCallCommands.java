package dev.caretaker.oncall;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionResult;
import dev.caretaker.command.Durations;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.Caller;
import dev.caretaker.store.OnCallStore;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The on-call commands of {@code caretaker/commands/oncall.yml}: {@code oncall [show]}, {@code override}, {@code swap}. */
@Factory
public class OnCallCommands {

    /** The longest override or swap; longer changes belong in config. */
    public static final Duration MAX_OVERRIDE = Duration.ofDays(30);
    public static final Duration MAX_SWAP = Duration.ofDays(90);

    @Singleton
    @Named("oncall.show")
    Action show(OnCallService oncall, Clock clock) {
        return context -> {
            Rotations rotations = oncall.rotations();
            if (rotations.all().isEmpty()) {
                return ActionResult.failed(OnCallMessages.noRotations());
            }
            List<Rotation> shown = rotations.all();
            Optional<String> name = context.args().string("rotation");
            if (name.isPresent()) {
                Optional<Rotation> r = rotations.byName(name.get());
                if (r.isEmpty()) {
                    return ActionResult.failed(OnCallMessages.noSuchRotation(name.get(), names(rotations)));
                }
                shown = List.of(r.get());
            }
            Instant now = clock.instant();
            Optional<ZoneId> viewer = rotations.personOf(context.caller()).flatMap(OnCallPerson::zone);
            List<List<String>> rows = new ArrayList<>();
            for (Rotation r : shown) {
                ZoneId zone = viewer.orElse(r.zone());
                OnCallService.NowAndNext nn = oncall.nowAndNext(r, now);
                rows.add(List.of(r.name(), nn.now().person().name(), Times.at(nn.now().until(), zone),
                        OnCallMessages.why(nn.now().why()),
                        OnCallMessages.next(nn.next().person().name(), Times.at(nn.next().from(), zone))));
            }
            return ActionResult.ok(Reply.builder().header(OnCallMessages.showHeader())
                    .table(OnCallMessages.SHOW_COLUMNS, rows).build());
        };
    }

    @Singleton
    @Named("oncall.override")
    Action override(OnCallService oncall, OnCallStore store, Clock clock) {
        return context -> {
            Rotations rotations = oncall.rotations();
            String typed = context.args().string("person").orElse("");
            Optional<OnCallPerson> person = rotations.find(typed, context.caller().platform());
            if (person.isEmpty()) {
                return ActionResult.failed(OnCallMessages.notAPerson(typed));
            }
            Duration d = context.args().duration("duration").orElse(Duration.ZERO);
            if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(MAX_OVERRIDE) > 0) {
                return ActionResult.failed(OnCallMessages.overrideOutOfRange(Durations.format(MAX_OVERRIDE)));
            }
            Optional<String> rotationName = context.args().string("rotation");
            Rotation r;
            if (rotationName.isPresent()) {
                Optional<Rotation> found = rotations.byName(rotationName.get());
                if (found.isEmpty()) {
                    return ActionResult.failed(OnCallMessages.noSuchRotation(rotationName.get(), names(rotations)));
                }
                r = found.get();
            } else {
                // the one rotation there is, or the one rotation this person takes turns in
                List<Rotation> theirs = rotations.all().stream().filter(x -> x.person(person.get().name()).isPresent()).toList();
                if (rotations.all().size() == 1) {
                    r = rotations.all().get(0);
                } else if (theirs.size() == 1) {
                    r = theirs.get(0);
                } else if (rotations.all().isEmpty()) {
                    return ActionResult.failed(OnCallMessages.noRotations());
                } else {
                    return ActionResult.failed(OnCallMessages.whichRotation(names(rotations)));
                }
            }
            Instant now = clock.instant();
            OnCallStore.OnCallOverride o = store.addOverride(r.name(), person.get().name(), now, now.plus(d),
                    context.caller().displayName(), now);
            ZoneId zone = zoneOf(context.caller(), rotations, r);
            return ActionResult.ok(Reply.text(OnCallMessages.overrideSet(person.get().mentionOn(context.caller().platform()),
                    r.name(), Times.at(o.endsAt(), zone))));
        };
    }

    @Singleton
    @Named("oncall.swap")
    Action swap(OnCallService oncall, OnCallStore store, Clock clock) {
        return context -> {
            Rotations rotations = oncall.rotations();
            String typedA = context.args().string("person").orElse("");
            String typedB = context.args().string("with").orElse("");
            Optional<OnCallPerson> a = rotations.find(typedA, context.caller().platform());
            if (a.isEmpty()) {
                return ActionResult.failed(OnCallMessages.notAPerson(typedA));
            }
            Optional<OnCallPerson> b = rotations.find(typedB, context.caller().platform());
            if (b.isEmpty()) {
                return ActionResult.failed(OnCallMessages.notAPerson(typedB));
            }
            if (a.get().equals(b.get())) {
                return ActionResult.failed(OnCallMessages.swapSamePerson());
            }
            Optional<String> rotationName = context.args().string("rotation");
            Rotation r;
            if (rotationName.isPresent()) {
                Optional<Rotation> found = rotations.byName(rotationName.get());
                if (found.isEmpty()) {
                    return ActionResult.failed(OnCallMessages.noSuchRotation(rotationName.get(), names(rotations)));
                }
                r = found.get();
            } else {
                List<Rotation> both = rotations.all().stream().filter(x -> x.person(a.get().name()).isPresent()
                        && x.person(b.get().name()).isPresent()).toList();
                if (both.size() != 1) {
                    return rotations.all().isEmpty() ? ActionResult.failed(OnCallMessages.noRotations())
                            : ActionResult.failed(OnCallMessages.whichRotation(names(rotations)));
                }
                r = both.get(0);
            }
            for (OnCallPerson p : List.of(a.get(), b.get())) {
                if (r.person(p.name()).isEmpty()) {
                    return ActionResult.failed(OnCallMessages.notInRotation(p.name(), r.name()));
                }
            }
            String fromText = context.args().string("from").orElse("");
            String toText = context.args().string("to").orElse("");
            Optional<Instant> from = parseTime(fromText, r);
            if (from.isEmpty()) {
                return ActionResult.failed(OnCallMessages.badSwapTime("from", fromText));
            }
            Optional<Instant> to = parseTime(toText, r);
            if (to.isEmpty()) {
                return ActionResult.failed(OnCallMessages.badSwapTime("to", toText));
            }
            if (!to.get().isAfter(from.get())) {
                return ActionResult.failed(OnCallMessages.swapOutOfOrder());
            }
            if (Duration.between(from.get(), to.get()).compareTo(MAX_SWAP) > 0) {
                return ActionResult.failed(OnCallMessages.swapTooLong(Durations.format(MAX_SWAP)));
            }
            store.addSwap(r.name(), a.get().name(), b.get().name(), from.get(), to.get(), context.caller().displayName(),
                    clock.instant());
            ZoneId zone = zoneOf(context.caller(), rotations, r);
            return ActionResult.ok(Reply.text(OnCallMessages.swapSet(a.get().name(), b.get().name(), r.name(),
                    Times.at(from.get(), zone), Times.at(to.get(), zone))));
        };
    }

    private static ZoneId zoneOf(Caller caller, Rotations rotations, Rotation r) {
        return rotations.personOf(caller).flatMap(OnCallPerson::zone).orElse(r.zone());
    }

    private static List<String> names(Rotations rotations) {
        return rotations.all().stream().map(Rotation::name).toList();
    }

    /**
     * A date (meaning the rotation's hand-off time that day, so whole turns are traded), a date and time in the
     * rotation's zone, or one with an offset.
     */
    static Optional<Instant> parseTime(String text, Rotation r) {
        String t = text.strip();
        try {
            return Optional.of(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeException e) {
            // no offset: a local date and time, or a date
        }
        try {
            return Optional.of(LocalDateTime.parse(t).atZone(r.zone()).toInstant());
        } catch (DateTimeException e) {
            // a date alone
        }
        try {
            return Optional.of(LocalDate.parse(t).atTime(r.handoffTime()).atZone(r.zone()).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
