package dev.caretaker.schedule;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

/**
 * One entry of {@code caretaker.schedules[]} as configured; {@link Schedules} checks it and says, naming the key, what
 * is wrong. Every value is read as text so a wrong one is reported rather than silently replaced by a default.
 *
 * @param index   the entry's position in the list, for the key in sentences ({@code caretaker.schedules[2].cron})
 * @param cron    minute hour day-of-month month day-of-week, or {@code @daily} and friends
 * @param zone    the time zone the cron is read in; UTC unless set
 * @param command the command line to run, as typed after {@code /ops}
 * @param channel where the result is posted ({@code slack:C0123}, {@code discord:1122}, {@code console})
 * @param as      the role the command runs with
 * @param quiet   {@code true}: post only when the command fails or warns
 */
@EachProperty(value = "caretaker.schedules", list = true)
public record ScheduleSettings(@Parameter Integer index, @Nullable String name, @Nullable String cron,
                              @Nullable String zone, @Nullable String command, @Nullable String channel,
                              @Nullable String as, @Nullable String quiet) {
}
