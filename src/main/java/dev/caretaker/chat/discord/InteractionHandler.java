package dev.caretaker.chat.discord;

import dev.caretaker.action.Progress;
import dev.caretaker.chat.Inbound;
import dev.caretaker.command.CommandInput;
import dev.caretaker.command.TargetCatalog;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.Caller;
import net.dv8tion.jda.api.entities.ISnowflake;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        if (!event.getName().equals(SlashCommandTree.ROOT)) {
            return;
        }
        if (refusedDm(event.isFromGuild())) {
            event.reply(renderer.render(Reply.error(DiscordMessages.discordDmsRefused())).toCreateData()).setEphemeral(true)
                    .queue(null, e -> LOG.warn("Discord: could not refuse a DM command", e));
            return;
        }
        Caller caller = caller(event.getUser(), event.getMember());
        ChannelAddress channel = DiscordPlatform.channel(event.getChannelId());
        InteractionHook hook = event.getHook();
        String deliveryId = event.getId();
        Inbound.Prepared prepared = inbound.prepare(new Inbound.Request(caller, channel,
                input(event.getSubcommandGroup(), event.getSubcommandName(), event.getOptions()), deliveryId,
                progress(hook)));
        event.deferReply(prepared.privately())
                .queue(null, e -> LOG.warn("Discord: could not defer interaction {}", deliveryId, e));
        workers.execute(() -> answer(hook, prepared.run(), deliveryId));
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        String customId = event.getComponentId();
        int colon = customId.indexOf(EmbedRenderer.CUSTOM_ID_SEPARATOR);
        if (colon < 0) {
            event.reply(renderer.render(Reply.error(DiscordMessages.discordUnknownButton())).toCreateData()).setEphemeral(true)
                    .queue(null, e -> LOG.warn("Discord: could not answer button {}", customId, e));
            return;
        }
        String actionId = actionId(customId.substring(0, colon));
        if (refusedDm(event.isFromGuild())) {
            event.reply(renderer.render(Reply.error(DiscordMessages.discordDmsRefused())).toCreateData()).setEphemeral(true)
                    .queue(null, e -> LOG.warn("Discord: could not refuse a DM button", e));
            return;
        }
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
        if (!event.getName().equals(SlashCommandTree.ROOT)) {
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
     * and type (whole numbers and booleans as such; everything else, durations included, as text).
     */
    static CommandInput input(String group, String subcommand, List<OptionMapping> options) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (OptionMapping o : options) {
            args.put(o.getName(), switch (o.getType()) {
                case INTEGER -> o.getAsLong();
                case BOOLEAN -> o.getAsBoolean();
                default -> o.getAsString();
            });
        }
        return new CommandInput.Parsed(group == null ? subcommand : group + " " + subcommand, args);
    }
}
