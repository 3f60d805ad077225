package dev.caretaker.chat.discord;

import dev.caretaker.security.Secret;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which servers' interactions are taken: the allow-list, else {@code guild-id}, else the bot's own servers. */
class DiscordSettingsTest {

    private static DiscordSettings settings(Optional<String> guildId, List<String> guilds) {
        return new DiscordSettings(Secret.of("token"), null, Optional.empty(), guildId, false, null, null, null, guilds);
    }

    @Test
    void theAllowListDecidesWhenItIsSet() {
        DiscordSettings s = settings(Optional.of("1"), List.of(" 2 ", "", "3"));
        assertEquals(List.of("2", "3"), s.guilds());
        assertTrue(s.takes("2", false), "listed, even where the bot is not a member");
        assertFalse(s.takes("1", true), "guild-id is only where commands are registered then");
        assertFalse(s.takes("4", true));
    }

    @Test
    void withoutItTheRegistrationServerOrElseTheBotsOwnServers() {
        assertTrue(settings(Optional.of("1"), List.of()).takes("1", true));
        assertFalse(settings(Optional.of("1"), List.of()).takes("2", true));
        assertTrue(settings(Optional.empty(), null).takes("2", true));
        assertFalse(settings(Optional.empty(), null).takes("2", false), "a server the bot is not in");
    }
}
