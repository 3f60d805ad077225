package dev.caretaker.oncall;

import dev.caretaker.alert.Paging;
import dev.caretaker.store.OnCallStore;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who is on call, and until when: the rotation's schedule, with swaps (two people trading turns) and overrides
 * (someone else for a while; the newest wins where they overlap) laid over it. Answers the alerts' paging questions.
 */
@Singleton
public class OnCallService implements Paging {

    /** How far ahead "next" looks for a change of person; a turn is at most a few weeks. */
    private static final int MAX_BOUNDARIES = 200;

    /** Why someone is on call: their turn, a swap, or an override. */
    public enum Why { SCHEDULE, SWAP, OVERRIDE }

    /** Who is on call over a stretch of time, and why. */
    public record Shift(Rotation rotation, OnCallPerson person, Instant from, Instant until, Why why) {
    }

    /** Who is on call now, and who comes next. */
    public record NowAndNext(Shift now, Shift next) {
    }

    private final Rotations rotations;
    private final OnCallStore store;

    public OnCallService(Rotations rotations, OnCallStore store) {
        this.rotations = rotations;
        this.store = store;
    }

    public Rotations rotations() {
        return rotations;
    }

    // ---- Paging -----------------------------------------------------------------------------------------------

    @Override
    public Optional<Person> onCall(String rotation, Instant at) {
        return rotations.byName(rotation).map(r -> who(r, at, layers(r, at)).person().paging());
    }

    @Override
    public Optional<Person> resolve(String rotationOrPerson, Instant at) {
        Optional<Person> onCall = onCall(rotationOrPerson, at);
        return onCall.isPresent() ? onCall : rotations.person(rotationOrPerson).map(OnCallPerson::paging);
    }

    @Override
    public List<Step> escalation(String rotation) {
        return rotations.byName(rotation).map(Rotation::escalation).orElse(List.of());
    }

    // ---- schedule --------------------------------------------------------------------------------------------

    /** Who is on call at {@code at} and until when, and who comes after them. */
    public NowAndNext nowAndNext(Rotation r, Instant at) {
        Layers layers = layers(r, at);
        Shift now = shift(r, at, layers);
        return new NowAndNext(now, shift(r, now.until(), layers));
    }

    /** Who is on call at {@code at}, from when and until when that person stays on. */
    public Shift shiftAt(Rotation r, Instant at) {
        return shift(r, at, layers(r, at));
    }

    private Shift shift(Rotation r, Instant at, Layers layers) {
        Who who = who(r, at, layers);
        // the stretch runs to the first boundary (hand-off, start or end of a swap or override) where the person changes
        TreeSet<Instant> boundaries = boundaries(r, at, layers);
        Instant until = boundaries.isEmpty() ? r.turnAt(at).until() : boundaries.last();
        for (Instant b : boundaries) {
            if (!who(r, b, layers).person().equals(who.person())) {
                until = b;
                break;
            }
        }
        // and back to where it began: the latest boundary at or before `at` with someone else just before it (as far
        // back as the overrides and swaps were read; a one-person rotation has no such boundary)
        Instant horizon = horizon(r, at);
        Instant from = previousBoundary(r, at, layers);
        for (int i = 0; i < MAX_BOUNDARIES && from.isAfter(horizon); i++) {
            if (!who(r, from.minusMillis(1), layers).person().equals(who.person())) {
                break;
            }
            from = previousBoundary(r, from.minusMillis(1), layers);
        }
        return new Shift(r, who.person(), from, until, who.why());
    }

    private record Who(OnCallPerson person, Why why) {
    }

    private record Layers(List<OnCallStore.OnCallOverride> overrides, List<OnCallStore.OnCallSwap> swaps) {
    }

    private Layers layers(Rotation r, Instant at) {
        Instant after = horizon(r, at);
        return new Layers(store.overrides(r.name(), after), store.swaps(r.name(), after));
    }

    /** How far back the overrides and swaps are read: a turn and a week, enough to find where a stretch began. */
    private static Instant horizon(Rotation r, Instant at) {
        return at.minus(r.lengthDays() + 7L, ChronoUnit.DAYS);
    }

    private Who who(Rotation r, Instant at, Layers layers) {
        for (int i = layers.overrides().size() - 1; i >= 0; i--) {
            OnCallStore.OnCallOverride o = layers.overrides().get(i);
            if (o.covers(at)) {
                Optional<OnCallPerson> p = rotations.person(o.person());
                if (p.isPresent()) {
                    return new Who(p.get(), Why.OVERRIDE);
                }
            }
        }
        OnCallPerson scheduled = r.turnAt(at).person();
        for (int i = layers.swaps().size() - 1; i >= 0; i--) {
            OnCallStore.OnCallSwap s = layers.swaps().get(i);
            if (s.covers(at)) {
                if (s.personA().equalsIgnoreCase(scheduled.name())) {
                    return rotations.person(s.personB()).map(p -> new Who(p, Why.SWAP)).orElse(new Who(scheduled, Why.SCHEDULE));
                }
                if (s.personB().equalsIgnoreCase(scheduled.name())) {
                    return rotations.person(s.personA()).map(p -> new Who(p, Why.SWAP)).orElse(new Who(scheduled, Why.SCHEDULE));
                }
            }
        }
        return new Who(scheduled, Why.SCHEDULE);
    }

    /** Times after {@code at} where who is on call may change, soonest first. */
    private static TreeSet<Instant> boundaries(Rotation r, Instant at, Layers layers) {
        TreeSet<Instant> out = new TreeSet<>();
        Rotation.Turn turn = r.turnAt(at);
        for (int i = 1; i <= Math.max(2, MAX_BOUNDARIES / 4); i++) {
            out.add(r.handoff(turn.number() + i));
        }
        for (OnCallStore.OnCallOverride o : layers.overrides()) {
            out.add(o.startsAt());
            out.add(o.endsAt());
        }
        for (OnCallStore.OnCallSwap s : layers.swaps()) {
            out.add(s.startsAt());
            out.add(s.endsAt());
        }
        out.removeIf(b -> !b.isAfter(at));
        return out;
    }

    /** The latest time at or before {@code at} where who is on call may have changed. */
    private static Instant previousBoundary(Rotation r, Instant at, Layers layers) {
        Instant best = r.turnAt(at).from();
        for (OnCallStore.OnCallOverride o : layers.overrides()) {
            best = later(best, o.startsAt(), at);
            best = later(best, o.endsAt(), at);
        }
        for (OnCallStore.OnCallSwap s : layers.swaps()) {
            best = later(best, s.startsAt(), at);
            best = later(best, s.endsAt(), at);
        }
        return best;
    }

    private static Instant later(Instant best, Instant candidate, Instant notAfter) {
        return !candidate.isAfter(notAfter) && candidate.isAfter(best) ? candidate : best;
    }
}
