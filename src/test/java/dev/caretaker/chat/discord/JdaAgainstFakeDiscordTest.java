package dev.caretaker.chat.discord;

import dev.caretaker.fake.discord.FakeDiscord;
import dev.caretaker.security.Secret;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real JDA logs in to the fake, sees its guild, and posts through it; proves the fake speaks Discord. */
class JdaAgainstFakeDiscordTest {

    private FakeDiscord discord;
    private JDA jda;

    @BeforeEach
    void start() throws InterruptedException {
        discord = FakeDiscord.start();
        jda = JdaConnector.connect(settings(discord));
        jda.awaitReady();
    }

    @AfterEach
    void stop() {
        jda.shutdownNow();
        discord.close();
    }

    static DiscordSettings settings(FakeDiscord discord) {
        return new DiscordSettings(Secret.of("fake-bot-token"), discord.apiUrl(), Optional.of(discord.gatewayUrl()),
                Optional.empty(), false, null, Duration.ofSeconds(10), null);
    }

    @Test
    void logsInWithLeastPrivilegeAndSeesTheGuild() {
        assertEquals(JDA.Status.CONNECTED, jda.getStatus());
        assertEquals(FakeDiscord.APPLICATION_ID, jda.getSelfUser().getApplicationId());
        TextChannel ops = jda.getTextChannelById(FakeDiscord.CHANNEL_ID);
        assertNotNull(ops, "the guild's channel is cached from GUILD_CREATE");
        assertEquals(1, discord.gateway().identifies().size());
        // GUILDS only: 1 << 0
        assertEquals(1, discord.gateway().identifies().get(0).path("intents").asInt());
        assertEquals("fake-bot-token", discord.gateway().identifies().get(0).path("token").asText());
        assertEquals(1, discord.requests("GET", "/users/@me").size());
    }

    @Test
    void aRateLimitedPostArrivesOnce() {
        discord.rateLimitNextMessagePost(Duration.ofSeconds(1));
        Message sent = jda.getTextChannelById(FakeDiscord.CHANNEL_ID).sendMessage("hello").complete();
        assertEquals(2, discord.requests("POST", "/channels/\\d+/messages").size(), discord.summary());
        assertEquals(429, discord.requests("POST", "/channels/\\d+/messages").get(0).status());
        assertEquals("hello", discord.message(sent.getId()).orElseThrow().path("content").asText());
    }

    @Test
    void refusesWhatDiscordWouldRefuse() {
        TextChannel ops = jda.getTextChannelById(FakeDiscord.CHANNEL_ID);
        // JDA checks each embed itself, but not the 6000 characters that all embeds of a message share
        var one = new net.dv8tion.jda.api.EmbedBuilder().setDescription("x".repeat(3500)).build();
        var two = new net.dv8tion.jda.api.EmbedBuilder().setDescription("y".repeat(3500)).build();
        ErrorResponseException e = assertThrows(ErrorResponseException.class,
                () -> ops.sendMessageEmbeds(one, two).complete());
        assertEquals(50035, e.getErrorCode());
        assertTrue(discord.violations().stream().anyMatch(v -> v.contains("6000")), discord.violations().toString());
    }
}
