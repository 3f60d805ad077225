package dev.caretaker.chat.discord;

import dev.caretaker.command.ArgSpec;
import dev.caretaker.command.ArgType;
import dev.caretaker.command.CommandRegistry;
import dev.caretaker.command.CommandSpec;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandGroupData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The one {@code /ops} slash command, generated from the {@link CommandRegistry}: each group becomes a
 * subcommand group and each verb a subcommand; single words ({@code help}, {@code status}) are plain
 * subcommands. Arguments become typed options with the command summaries as descriptions.
 */
public final class SlashCommandTree {

    /** Discord's limits for application commands. */
    public static final int MAX_DESCRIPTION_LENGTH = 100;
    public static final int MAX_SUBCOMMANDS = 25;
    public static final int MAX_OPTIONS = 25;
    public static final int MAX_CHOICES = 25;

    public static final String ROOT = "ops";

    private static final Logger LOG = LoggerFactory.getLogger(SlashCommandTree.class);

    private SlashCommandTree() {
    }

    /** The command tree; DMs are offered only when {@code allowDms}. */
    public static SlashCommandData build(CommandRegistry registry, boolean allowDms) {
        SlashCommandData ops = Commands.slash(ROOT, "Caretaker: run maintenance commands");
        Set<InteractionContextType> contexts = EnumSet.of(InteractionContextType.GUILD);
        if (allowDms) {
            contexts.add(InteractionContextType.BOT_DM);
        }
        ops.setContexts(contexts);
        int topLevel = 0;
        for (CommandSpec single : registry.all()) {
            if (single.group().isEmpty()) {
                if (registry.groups().contains(single.name())) {
                    LOG.error("Discord: `{}` is both a command and a group; Discord allows only one, the group wins",
                            single.name());
                    continue;
                }
                if (++topLevel > MAX_SUBCOMMANDS) {
                    LOG.error("Discord: /{} holds at most {} entries; `{}` is left out", ROOT, MAX_SUBCOMMANDS,
                            single.name());
                    continue;
                }
                ops.addSubcommands(subcommand(single));
            }
        }
        for (String group : registry.groups()) {
            if (++topLevel > MAX_SUBCOMMANDS) {
                LOG.error("Discord: /{} holds at most {} entries; group `{}` is left out", ROOT, MAX_SUBCOMMANDS, group);
                continue;
            }
            SubcommandGroupData data = new SubcommandGroupData(group, describe(group + " commands"));
            List<CommandSpec> verbs = registry.inGroup(group);
            for (int i = 0; i < verbs.size(); i++) {
                if (i == MAX_SUBCOMMANDS) {
                    LOG.error("Discord: group `{}` holds at most {} commands; {} are left out", group,
                            MAX_SUBCOMMANDS, verbs.size() - MAX_SUBCOMMANDS);
                    break;
                }
                data.addSubcommands(subcommand(verbs.get(i)));
            }
            ops.addSubcommandGroups(data);
        }
        return ops;
    }

    /** A hash of what Discord would store for this tree in this scope; registering again is needed when it changes. */
    public static String hash(SlashCommandData tree, String scope, com.fasterxml.jackson.databind.ObjectMapper json) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(scope.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Canonical.json(json, tree.toData().toJson()));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static SubcommandData subcommand(CommandSpec spec) {
        SubcommandData sub = new SubcommandData(spec.verb(), describe(spec.summary().isBlank() ? spec.name() : spec.summary()));
        // Discord wants required options first; the command line names every option, so order does not matter
        List<ArgSpec> args = new ArrayList<>(spec.args());
        args.sort(Comparator.comparing(a -> !a.required()));
        for (int i = 0; i < args.size() && i < MAX_OPTIONS; i++) {
            sub.addOptions(option(args.get(i)));
        }
        if (args.size() > MAX_OPTIONS) {
            LOG.error("Discord: `{}` has more than {} arguments; the rest can only be given on the console",
                    spec.name(), MAX_OPTIONS);
        }
        return sub;
    }

    private static OptionData option(ArgSpec arg) {
        OptionType type = arg.type() == ArgType.INT ? OptionType.INTEGER
                : arg.type() == ArgType.BOOL ? OptionType.BOOLEAN : OptionType.STRING;
        OptionData option = new OptionData(type, arg.name(), describe(optionHelp(arg)), arg.required());
        if (arg.type() == ArgType.ENUM && !arg.choices().isEmpty() && arg.choices().size() <= MAX_CHOICES) {
            for (String choice : arg.choices()) {
                option.addChoice(choice, choice);
            }
        } else if (arg.type() == ArgType.TARGET) {
            option.setAutoComplete(true);
        }
        return option;
    }

    private static String optionHelp(ArgSpec arg) {
        String help = arg.help().isBlank() ? typeHelp(arg) : arg.help().replace("`", "");
        return arg.defaultValue() == null ? help : help + " (default " + arg.defaultValue() + ")";
    }

    private static String typeHelp(ArgSpec arg) {
        return switch (arg.type()) {
            case STRING, ENUM, TEXT -> arg.name();
            case INT -> "a whole number";
            case DURATION -> "a duration like 30s, 15m, 24h or 7d";
            case PATTERN -> arg.pattern() == null ? arg.name() : "matching " + arg.pattern().pattern();
            case TARGET -> arg.targetType() == null ? "a configured target" : "a configured " + arg.targetType() + " target";
            case BOOL -> "true or false";
        };
    }

    /** Discord allows 100 characters; the whole summary stays in {@code help}. */
    static String describe(String text) {
        String t = text.strip();
        return t.length() <= MAX_DESCRIPTION_LENGTH ? t : t.substring(0, MAX_DESCRIPTION_LENGTH - 1) + "…";
    }
}
