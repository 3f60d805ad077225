package dev.caretaker.chat.discord;

import dev.caretaker.security.Secret;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.value.PropertyResolver;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.time.Duration;

/** The Discord settings and renderer, only when a bot token is configured. */
@Factory
@Requires(condition = DiscordEnabled.class)
class DiscordFactory {

    @Singleton
    DiscordSettings discordSettings(PropertyResolver p) {
        return new DiscordSettings(
                Secret.of(DiscordEnabled.token(p).orElseThrow()),
                p.get("caretaker.discord.api-url", String.class).orElse(null),
                p.get("caretaker.discord.gateway-url", String.class),
                p.get("caretaker.discord.guild-id", String.class),
                p.get("caretaker.discord.allow-dms", Boolean.class).orElse(false),
                p.get("caretaker.discord.lease", Duration.class).orElse(null),
                p.get("caretaker.discord.send-timeout", Duration.class).orElse(null),
                p.get("caretaker.discord.command-hash-file", String.class).map(Path::of).orElse(null));
    }

    @Singleton
    EmbedRenderer embedRenderer() {
        return new EmbedRenderer();
    }
}
