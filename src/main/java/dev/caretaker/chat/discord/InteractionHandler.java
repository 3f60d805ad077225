package dev.caretaker.chat.discord;

import dev.caretaker.action.Progress;
import dev.caretaker.chat.Inbound;
import dev.caretaker.command.CommandInput;
import dev.caretaker.command.TargetCatalog;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.Caller;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.ISnowflake;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.events.interaction.GenericInteractionCreateEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.api.utils.data.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

/**
 * Slash commands and button clicks from Discord into {@link Inbound}.
 *
 * <p>A slash command arrives already parsed: its subcommand path and typed options go in as they are, with no
 * detour through text. Every interaction is deferred as soon as the checks that decide whether it may run are
 * done (parse, dedup, roles: no action, no slow work), so the 3-second window is never at risk however slow the
 * action is. Discord fixes a reply's visibility at deferral, so the deferral is ephemeral when those checks say
 * the answer is private (a refusal, a confirmation, a requester-only command); the answer then edits the deferred
 * message in place, and progress edits it too.
 */
final class InteractionHandler extends ListenerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(InteractionHandler.class);
    private static final int MAX_AUTOCOMPLETE_CHOICES = 25;

    private final Inbound inbound;
    private final TargetCatalog targets;
    private final EmbedRenderer renderer;
    private final DiscordSettings settings;
    private final ExecutorService workers;

    InteractionHandler(Inbound inbound, TargetCatalog targets, EmbedRenderer renderer, DiscordSettings settings,
                       ExecutorService workers) {
        this.inbound = inbound;
        this.targets = targets;
        this.renderer = renderer;
        this.settings = settings;
        this.workers = workers;
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        if (!event.getName().equals(SlashCommandTree.ROOT) || !ours(event) || refused(event)) {
            return;
        }
        Optional<CommandInput> input = input(event.getSubcommandGroup(), event.getSubcommandName(), event.getOptions());
        if (input.isEmpty()) {
            // Discord's own client never sends these; a confused gateway or a stale command tree might
            LOG.warn("Discord: interaction {} names no subcommand or carries an option it cannot read; answered "
                    + "with one sentence", event.getId());
            refuse(event, DiscordMessages.discordUnreadableCommand());
            return;
        }
        Caller caller = caller(event.getUser(), event.getMember());
        ChannelAddress channel = DiscordPlatform.channel(event.getChannelId());
        InteractionHook hook = event.getHook();
        String deliveryId = event.getId();
        Inbound.Prepared prepared = inbound.prepare(new Inbound.Request(caller, channel, input.get(), deliveryId,
                progress(hook)));
        event.deferReply(prepared.privately())
                .queue(null, e -> LOG.warn("Discord: could not defer interaction {}", deliveryId, e));
        workers.execute(() -> answer(hook, prepared.run(), deliveryId));
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        if (!ours(event) || refused(event)) {
            return;
        }
        String customId = event.getComponentId();
        int colon = customId.indexOf(EmbedRenderer.CUSTOM_ID_SEPARATOR);
        if (colon < 0) {
            refuse(event, DiscordMessages.discordUnknownButton());
            return;
        }
        String actionId = actionId(customId.substring(0, colon));
        String token = customId.substring(colon + 1);
        Caller caller = caller(event.getUser(), event.getMember());
        // a deferred update keeps the prompt as it is until the decision is known; then it is edited in place
        event.deferEdit().queue(null, e -> LOG.warn("Discord: could not defer button {}", event.getId(), e));
        InteractionHook hook = event.getHook();
        workers.execute(() -> {
            Inbound.Answer answer = inbound.click(caller, actionId, token, progress(hook));
            if (answer.refused()) {
                // someone who may not decide: tell only them, leave the prompt for the right person
                hook.sendMessage(renderer.render(answer.reply()).toCreateData()).setEphemeral(true)
                        .queue(null, e -> LOG.warn("Discord: could not answer button {}", event.getId(), e));
            } else {
                answer(hook, answer, event.getId());
            }
        });
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
        if (!event.getName().equals(SlashCommandTree.ROOT) || !ours(event) || refusedGuild(event)) {
            return;
        }
        if (event.getFocusedOption() == null) {
            LOG.warn("Discord: autocomplete {} has no focused option; ignored", event.getId());
            return;
        }
        String typed = event.getFocusedOption().getValue().toLowerCase(Locale.ROOT);
        // target names are the only autocompleted options; every type is offered, the parser checks the type
        List<String> names = targets.names(null).stream().sorted()
                .filter(n -> n.toLowerCase(Locale.ROOT).startsWith(typed))
                .limit(MAX_AUTOCOMPLETE_CHOICES).toList();
        event.replyChoiceStrings(names).queue(null, e -> LOG.debug("Discord: autocomplete not answered", e));
    }

    private void answer(InteractionHook hook, Inbound.Answer answer, String interactionId) {
        RenderedMessage message = renderer.render(answer.reply());
        hook.editOriginal(message.toEditData())
                .queue(null, e -> LOG.warn("Discord: could not answer interaction {}", interactionId, e));
    }

    private Progress progress(InteractionHook hook) {
        return new HookProgress(hook, renderer);
    }

    /**
     * Whether the interaction is for this bot's application. The gateway only carries the bot's own, so another
     * application's id means a confused or hostile gateway: it gets no answer (its token is not ours to use).
     */
    static boolean ours(GenericInteractionCreateEvent event) {
        DataObject raw = event.getRawData();
        DataObject d = raw == null ? null : raw.optObject("d").orElse(raw);
        String application = d != null && d.isType("application_id", DataType.STRING) ? d.getString("application_id")
                : null;
        String self = event.getJDA().getSelfUser().getApplicationId();
        if (application != null && application.equals(self)) {
            return true;
        }
        // the id is logged only when it is one: the field is whatever the sender put there
        LOG.warn("Discord: ignored interaction {} for application {} (this bot is {})", event.getId(),
                application != null && application.matches("\\d{1,20}") ? application : "unknown", self);
        return false;
    }

    /** An interaction from a guild that is not on the allow-list ({@link DiscordSettings#takes}). */
    /** A server that is not ours, or a DM when DMs are off: answered with its sentence; true when refused. */
    private <E extends GenericInteractionCreateEvent & IReplyCallback> boolean refused(E event) {
        if (refusedGuild(event)) {
            refuse(event, DiscordMessages.discordGuildRefused());
            return true;
        }
        if (refusedDm(event.isFromGuild())) {
            refuse(event, DiscordMessages.discordDmsRefused());
            return true;
        }
        return false;
    }

    private boolean refusedGuild(GenericInteractionCreateEvent event) {
        Guild guild = event.getGuild();
        if (guild == null) {
            return false;
        }
        boolean member = event.isFromAttachedGuild() && event.getJDA().getGuildById(guild.getIdLong()) != null;
        if (settings.takes(guild.getId(), member)) {
            return false;
        }
        LOG.warn("Discord: refused interaction {} from guild {}, which is not one of Caretaker's", event.getId(),
                guild.getId());
        return true;
    }

    /** Answers only the person who asked, with one sentence; nothing runs. */
    private void refuse(IReplyCallback event, String sentence) {
        event.reply(renderer.render(Reply.error(sentence)).toCreateData()).setEphemeral(true)
                .queue(null, e -> LOG.warn("Discord: could not answer interaction {}", event.getId(), e));
    }

    private boolean refusedDm(boolean fromGuild) {
        return !fromGuild && !settings.allowDms();
    }

    static Caller caller(User user, Member member) {
        Set<String> roleIds = member == null ? Set.of()
                : member.getRoles().stream().map(ISnowflake::getId).collect(Collectors.toSet());
        String name = member != null ? member.getEffectiveName() : user.getEffectiveName();
        return new Caller(DiscordPlatform.DISCORD, user.getId(), name, roleIds);
    }

    /** The full action id; the short form ({@code confirm:<token>}) of older buttons and the fixtures is accepted too. */
    static String actionId(String prefix) {
        return prefix.startsWith("caretaker.") ? prefix : "caretaker." + prefix;
    }

    /**
     * The command as Discord parsed it: {@code group} is null for single-word commands; options keep Discord's order
     * and type (whole numbers and booleans as such; everything else, durations included, as text). Empty when the
     * interaction names no subcommand or an option's value does not fit its declared type (JDA reads the value only
     * when asked, and throws then).
     */
    static Optional<CommandInput> input(String group, String subcommand, List<OptionMapping> options) {
        if (subcommand == null || subcommand.isBlank()) {
            return Optional.empty();
        }
        Map<String, Object> args = new LinkedHashMap<>();
        try {
            for (OptionMapping o : options) {
                args.put(o.getName(), switch (o.getType()) {
                    case INTEGER -> o.getAsLong();
                    case BOOLEAN -> o.getAsBoolean();
                    default -> o.getAsString();
                });
            }
        } catch (IllegalStateException | IllegalArgumentException unreadable) {
            // JDA's ParsingException is an IllegalStateException, a bad number an IllegalArgumentException
            return Optional.empty();
        }
        return Optional.of(new CommandInput.Parsed(group == null ? subcommand : group + " " + subcommand, args));
    }
}
