package dev.caretaker.oncall;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Map;

/**
 * One entry of {@code caretaker.oncall.rotations[]} as written in config; {@link Rotations} checks it and turns it
 * into a {@link Rotation}. Values stay text here so that a bad one is reported in one sentence naming its key.
 *
 * @param handoff when the next person takes over: {@code monday 09:00}, or {@code 09:00} for a daily rotation
 * @param length  how long one turn lasts: {@code 1w} (the default), {@code 2w}, {@code 1d}, …
 * @param start   a date the first person in {@code people} took (or takes) over; the rotation counts turns from it
 */
@EachProperty(value = "caretaker.oncall.rotations", list = true)
public record RotationSettings(@Parameter Integer index, @Nullable String name, @Nullable String channel,
                               @Nullable String zone, @Nullable String handoff, @Nullable String length,
                               @Nullable String start, @Nullable List<PersonSettings> people,
                               @Nullable List<StepSettings> escalation) {

    /** One person of a rotation: ids per platform (for mentions), phone and e-mail for the record only. */
    @Introspected
    public record PersonSettings(@Nullable String name, @Nullable String slack, @Nullable String discord,
                                 @Nullable String phone, @Nullable String email, @Nullable String zone,
                                 @Nullable Map<String, String> ids) {
    }

    /** One escalation step: {@code after} the alert started, page {@code to} (a rotation or a person). */
    @Introspected
    public record StepSettings(@Nullable String after, @Nullable String to) {
    }
}
