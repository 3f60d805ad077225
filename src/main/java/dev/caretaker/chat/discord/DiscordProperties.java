package dev.caretaker.chat.discord;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;
import java.util.List;

/**
 * {@code caretaker.discord.*} as written in the configuration (the bot token is read by {@link DiscordEnabled});
 * {@link DiscordSettings} adds the defaults and checks. Only bound when Discord is on.
 */
@ConfigurationProperties("caretaker.discord")
@Requires(condition = DiscordEnabled.class)
record DiscordProperties(@Nullable String apiUrl, @Nullable String gatewayUrl, @Nullable String guildId,
                         @Bindable(defaultValue = "false") boolean allowDms, @Nullable Duration lease,
                         @Nullable Duration sendTimeout, @Nullable String commandHashFile,
                         @Nullable List<String> guilds) {
}
