package dev.caretaker.chat.discord;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;

import java.util.EnumSet;
import java.util.Set;

/** Builds the JDA client from {@link DiscordSettings}: REST and gateway URLs, least-privilege intents. */
final class JdaConnector {

    /**
     * No optional intent: slash commands and buttons arrive as interactions, which need none. JDA always adds
     * GUILDS (not privileged), which keeps the bot's guilds and channels known so {@code discord:<id>}
     * addresses can be posted to. No message content, members or presences: Caretaker never reads chat.
     */
    static final Set<GatewayIntent> INTENTS = EnumSet.noneOf(GatewayIntent.class);

    private JdaConnector() {
    }

    /** Starts logging in (asynchronously); callers wait with {@link JDA#awaitReady()} when they need to. */
    static JDA connect(DiscordSettings settings, EventListener... listeners) {
        JDABuilder builder = JDABuilder.createLight(settings.botToken().reveal(), INTENTS)
                .setRestConfig(new RestConfig().setBaseUrl(settings.apiUrl()))
                // Micronaut stops the client; a JVM hook of JDA's own would race the lease release
                .setEnableShutdownHook(false)
                .setAutoReconnect(true)
                // keeps each event's gateway payload, so InteractionHandler can read an interaction's application_id
                .setEventPassthrough(true)
                .addEventListeners((Object[]) listeners);
        settings.gatewayUrl().ifPresent(url -> builder
                .setSessionController(new FixedGatewaySessionController(url))
                // a self-hosted or fake gateway speaks plain JSON; Discord's own gets zlib as usual
                .setCompression(Compression.NONE));
        return builder.build();
    }
}
