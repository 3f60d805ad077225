package dev.caretaker.chat.slack;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * {@code caretaker.slack.*} as written in the configuration, without the tokens and the signing secret: those are read
 * by {@link SlackEnabled} (which also takes them from {@code SLACK_BOT_TOKEN} and friends), so no secret is ever part of
 * this record. {@link SlackSettings} adds the defaults. Only bound when Slack is on.
 *
 * @param apiUrl            the Web API prefix ({@code CARETAKER_SLACK_API_URL}); Slack's own unless set
 * @param command           the slash command's name; {@code /ops} unless set
 * @param usergroupCacheTtl how long a user group's members are cached
 * @param ackWait           how long a command may run before the ack says "Running…" instead of the result
 * @param progressInterval  how often a long command's progress message is edited at most
 */
@ConfigurationProperties("caretaker.slack")
@Requires(condition = SlackEnabled.class)
record SlackProperties(@Nullable String apiUrl, @Nullable String command,
                       @NotNull @Bindable(defaultValue = "1m") Duration usergroupCacheTtl,
                       @NotNull @Bindable(defaultValue = "2s") Duration ackWait,
                       @NotNull @Bindable(defaultValue = "2s") Duration progressInterval) {
}
