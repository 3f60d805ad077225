package dev.caretaker.digest;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * One entry of {@code caretaker.checklists[]} as configured; {@link DigestConfig} checks it and says, naming the key,
 * what is wrong.
 *
 * @param index   the entry's position in the list, for the key in sentences ({@code caretaker.checklists[1]})
 * @param name    the checklist's name, for {@code checklist show <name>}
 * @param channel where it is posted
 * @param cron    when it is posted (required)
 * @param zone    the time zone the cron is read in; UTC unless set
 * @param items   each a line of text, or a map with {@code text} and an optional {@code check} kind: the two forms
 *                the configuration allows, so they stay as written and are read by {@link DigestConfig}
 */
@EachProperty(value = "caretaker.checklists", list = true)
public record ChecklistSettings(@Parameter Integer index, @Nullable String name, @Nullable String channel,
                                @Nullable String cron, @Nullable String zone, @Nullable List<Object> items) {
}
