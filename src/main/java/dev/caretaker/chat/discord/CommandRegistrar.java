package dev.caretaker.chat.discord;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.command.CommandRegistry;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Registers {@code /ops} with Discord, globally or in one guild, only when the tree changed since the last
 * registration. The hash of the last registered tree (and its scope) is kept in a small file
 * ({@code caretaker.discord.command-hash-file}); a lost file only costs one extra, harmless registration.
 */
final class CommandRegistrar {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRegistrar.class);

    private final CommandRegistry registry;
    private final DiscordSettings settings;
    private final ObjectMapper json;

    CommandRegistrar(CommandRegistry registry, DiscordSettings settings, ObjectMapper json) {
        this.registry = registry;
        this.settings = settings;
        this.json = json;
    }

    /** Registers when needed; answers whether it did. Failures are logged: commands keep their last version. */
    boolean registerIfChanged(JDA jda) {
        SlashCommandData tree = SlashCommandTree.build(registry, settings.allowDms());
        String scope = settings.guildId().map(g -> "guild:" + g).orElse("global") + "@" + jda.getSelfUser().getApplicationId();
        String hash = SlashCommandTree.hash(tree, scope, json);
        if (storedHash().filter(hash::equals).isPresent()) {
            LOG.info("Discord: /{} is registered ({}) and unchanged", SlashCommandTree.ROOT, scope);
            return false;
        }
        try {
            if (settings.guildId().isPresent()) {
                Guild guild = jda.getGuildById(settings.guildId().get());
                if (guild == null) {
                    LOG.error("Discord: the bot is not in guild {} (caretaker.discord.guild-id); invite it first",
                            settings.guildId().get());
                    return false;
                }
                guild.updateCommands().addCommands(tree).complete();
            } else {
                jda.updateCommands().addCommands(tree).complete();
            }
        } catch (RuntimeException e) {
            LOG.error("Discord: could not register /{} ({})", SlashCommandTree.ROOT, scope, e);
            return false;
        }
        store(hash);
        LOG.info("Discord: registered /{} ({}) with {} commands", SlashCommandTree.ROOT, scope, registry.all().size());
        return true;
    }

    private Optional<String> storedHash() {
        Path file = settings.commandHashFile();
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()) : Optional.empty();
        } catch (IOException e) {
            LOG.warn("Discord: cannot read {}; registering the commands again", file, e);
            return Optional.empty();
        }
    }

    private void store(String hash) {
        Path file = settings.commandHashFile().toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, hash + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("Discord: cannot write {}; the commands will be registered again at the next start", file, e);
        }
    }
}
