package dev.caretaker.chat.discord;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platform;
import dev.caretaker.config.PlatformSpec;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * Discord as config knows it: {@code discord:<channel id>} addresses, roles under {@code discord-users} and
 * {@code discord-roles} (server role ids). Declared whether or not a token is configured, so config naming Discord
 * channels stays valid while Discord is off.
 */
@Factory
public class DiscordPlatform {

    public static final Platform DISCORD = new Platform("discord");

    /** What Discord declares; the bean below contributes it to the registry. */
    public static final PlatformSpec SPEC = PlatformSpec.of(DISCORD.id()).withRoleKeys("discord-users", "discord-roles");

    public static ChannelAddress channel(String channelId) {
        return new ChannelAddress(DISCORD, channelId);
    }

    @Singleton
    PlatformSpec discordPlatformSpec() {
        return SPEC;
    }
}
