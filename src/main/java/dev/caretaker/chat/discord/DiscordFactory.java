package dev.caretaker.chat.discord;

import dev.caretaker.security.Secret;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.value.PropertyResolver;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The Discord settings and renderer, only when a bot token is configured. */
@Factory
@Requires(condition = DiscordEnabled.class)
class DiscordFactory {

    @Singleton
    DiscordSettings discordSettings(PropertyResolver p, DiscordProperties c) {
        return new DiscordSettings(Secret.of(DiscordEnabled.token(p).orElseThrow()), c.apiUrl(),
                Optional.ofNullable(c.gatewayUrl()), Optional.ofNullable(c.guildId()), c.allowDms(), c.lease(),
                c.sendTimeout(), c.commandHashFile() == null ? null : Path.of(c.commandHashFile()),
                c.guilds() == null ? List.of() : c.guilds());
    }

    @Singleton
    EmbedRenderer embedRenderer() {
        return new EmbedRenderer();
    }
}
