package dev.caretaker.oncall;

import dev.caretaker.alert.Paging;
import dev.caretaker.config.ChannelAddress;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An on-call rotation as config defines it: its people take turns of {@code lengthDays} days, each turn starting at
 * {@code handoffTime} local time in {@code zone} ({@code handoffDay} for weekly turns), counted from {@code start},
 * the date the first person took over. Local time is what people agree on, so a turn that spans a daylight-saving
 * change is an hour longer or shorter, and the hand-off stays at 09:00.
 */
public record Rotation(String name, Optional<ChannelAddress> channel, ZoneId zone, Optional<DayOfWeek> handoffDay,
                       LocalTime handoffTime, int lengthDays, LocalDate start, List<OnCallPerson> people,
                       List<Paging.Step> escalation) {

    /** One turn of the schedule: who, from when, until when, and its number counted from {@code start}. */
    public record Turn(long number, OnCallPerson person, Instant from, Instant until) {
    }

    public Rotation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(handoffTime, "handoffTime");
        Objects.requireNonNull(start, "start");
        people = List.copyOf(people);
        escalation = List.copyOf(escalation);
        if (people.isEmpty() || lengthDays < 1) {
            throw new IllegalArgumentException("a rotation has people and turns of at least a day");
        }
    }

    /** When turn {@code number} begins. */
    public Instant handoff(long number) {
        LocalDate day = start.plusDays(Math.multiplyExact(number, (long) lengthDays));
        // ZonedDateTime moves a time that does not exist that day (a spring-forward gap) to just after the gap
        return ZonedDateTime.of(day, handoffTime, zone).toInstant();
    }

    /** The turn that covers {@code at}. */
    public Turn turnAt(Instant at) {
        LocalDate today = at.atZone(zone).toLocalDate();
        long number = Math.floorDiv(ChronoUnit.DAYS.between(start, today), (long) lengthDays);
        if (handoff(number).isAfter(at)) {
            number--;    // today is a hand-off day, and the hand-off has not come yet
        }
        return turn(number);
    }

    public Turn turn(long number) {
        return new Turn(number, people.get((int) Math.floorMod(number, (long) people.size())), handoff(number),
                handoff(number + 1));
    }

    public Optional<OnCallPerson> person(String name) {
        return people.stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }
}
