package dev.caretaker.schedule;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * {@code caretaker.schedule.*}: how the scheduled commands of {@code caretaker.schedules[]} (each a
 * {@link ScheduleSettings}) are run ({@code tick} and {@code initial-delay} are read by the job's schedule itself).
 *
 * @param lateAfter a run started later than this after its time is marked late
 */
@ConfigurationProperties("caretaker.schedule")
public record SchedulerSettings(@NotNull @Bindable(defaultValue = "5m") Duration lateAfter) {
}
