package dev.caretaker.chat.discord;

import dev.caretaker.config.ConfigMessages;
import dev.caretaker.security.Secret;
import io.micronaut.context.exceptions.ConfigurationException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How Caretaker talks to Discord, from {@code caretaker.discord.*} (and {@code DISCORD_BOT_TOKEN}).
 *
 * @param apiUrl          REST base URL ending in {@code /}, e.g. Discord's own {@code .../api/v10/}
 * @param gatewayUrl      gateway URL; empty means the one Discord names (its default gateway)
 * @param guildId         register commands in this guild only (instant, for testing); empty means globally
 * @param allowDms        whether commands are accepted in direct messages
 * @param lease           how long the gateway lease lasts; the holder renews it every third of that
 * @param sendTimeout     how long a post or edit may wait (rate limits included) before it counts as failed
 * @param commandHashFile where the hash of the last registered command tree is kept
 * @param guilds          the guilds whose interactions are taken; empty means {@code guildId} when that is set, else
 *                        every guild the bot is a member of (an app installed by a user reaches others too)
 */
public record DiscordSettings(Secret botToken, String apiUrl, Optional<String> gatewayUrl, Optional<String> guildId,
                              boolean allowDms, Duration lease, Duration sendTimeout, Path commandHashFile,
                              List<String> guilds) {

    /** Discord's REST API, version 10 (the one JDA 6 speaks). */
    public static final String DEFAULT_API_URL = "https://discord.com/api/v10/";
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(30);
    public static final Path DEFAULT_HASH_FILE = Path.of(".caretaker", "discord-commands.sha256");

    public DiscordSettings {
        Objects.requireNonNull(botToken, "botToken");
        apiUrl = apiUrl == null || apiUrl.isBlank() ? DEFAULT_API_URL : (apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
        gatewayUrl = gatewayUrl == null ? Optional.empty() : gatewayUrl.filter(s -> !s.isBlank());
        guildId = guildId == null ? Optional.empty() : guildId.filter(s -> !s.isBlank());
        lease = lease == null ? DEFAULT_LEASE : lease;
        sendTimeout = sendTimeout == null ? DEFAULT_SEND_TIMEOUT : sendTimeout;
        commandHashFile = commandHashFile == null ? DEFAULT_HASH_FILE : commandHashFile;
        guilds = guilds == null ? List.of() : guilds.stream().map(String::strip).filter(g -> !g.isEmpty()).toList();
        for (String guild : guilds) {
            if (!guild.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new ConfigurationException(ConfigMessages.invalid("caretaker.discord.guilds",
                        "must list server (guild) ids, which are numbers"));
            }
        }
        if (lease.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new ConfigurationException(ConfigMessages.invalid("caretaker.discord.lease", "must be at least 3s"));
        }
    }

    /** Settings with no guild allow-list of their own (see {@code guilds}). */
    public DiscordSettings(Secret botToken, String apiUrl, Optional<String> gatewayUrl, Optional<String> guildId,
                           boolean allowDms, Duration lease, Duration sendTimeout, Path commandHashFile) {
        this(botToken, apiUrl, gatewayUrl, guildId, allowDms, lease, sendTimeout, commandHashFile, List.of());
    }

    /** Whether an interaction from this guild is taken; {@code member} says whether the bot is in it. */
    public boolean takes(String guild, boolean member) {
        if (!guilds.isEmpty()) {
            return guilds.contains(guild);
        }
        return guildId.map(guild::equals).orElse(member);
    }
}
