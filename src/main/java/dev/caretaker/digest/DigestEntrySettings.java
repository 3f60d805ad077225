package dev.caretaker.digest;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * One entry of {@code caretaker.digests[]} as configured; {@link DigestConfig} checks it and says, naming the key, what
 * is wrong. Values are read as text so a wrong one is reported rather than silently replaced by a default.
 *
 * @param index    the entry's position in the list, for the key in sentences ({@code caretaker.digests[0].cron})
 * @param name     identifies the digest in {@code digest_runs}; the channel address unless set
 * @param channel  where the digest is posted ({@code slack:C0123}, {@code discord:1122}, {@code console})
 * @param cron     minute hour day-of-month month day-of-week; {@value DigestConfig#DEFAULT_CRON} unless set
 * @param zone     the time zone the cron is read in; UTC unless set
 * @param sections which sections it has (a list, or comma-separated as environment variables give it); all unless set
 */
@EachProperty(value = "caretaker.digests", list = true)
public record DigestEntrySettings(@Parameter Integer index, @Nullable String name, @Nullable String channel,
                                  @Nullable String cron, @Nullable String zone, @Nullable List<String> sections) {
}
