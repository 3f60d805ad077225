package dev.caretaker.chat.discord;

import dev.caretaker.action.Progress;
import dev.caretaker.command.TargetCatalog;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.Messages;
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

import java.util.AbstractMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

/**
 * Slash commands and button clicks from Discord into the pipeline.
 *
 * <p>Every interaction is deferred as soon as it arrives, before any work, so the 3-second window is never at
 * risk however slow the database or the action is. Discord fixes a reply's visibility at deferral, so the
 * deferral is ephemeral when {@link PrivateAnswerForecast} expects an error, a denial, a confirmation or a
 * requester-only command; the answer then edits the deferred message in place, and progress edits it too.
 */
final class InteractionHandler extends ListenerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(InteractionHandler.class);
    private static final int MAX_AUTOCOMPLETE_CHOICES = 25;

    private final Dispatcher dispatcher;
    private final PrivateAnswerForecast forecast;
    private final TargetCatalog targets;
    private final EmbedRenderer renderer;
    private final DiscordSettings settings;
    private final ExecutorService workers;

    InteractionHandler(Dispatcher dispatcher, PrivateAnswerForecast forecast, TargetCatalog targets,
                       EmbedRenderer renderer, DiscordSettings settings, ExecutorService workers) {
        this.dispatcher = dispatcher;
        this.forecast = forecast;
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
            event.reply(renderer.render(Reply.error(Messages.discordDmsRefused())).toCreateData()).setEphemeral(true)
                    .queue(null, e -> LOG.warn("Discord: could not refuse a DM command", e));
            return;
        }
        Caller caller = caller(event.getUser(), event.getMember());
        ChannelAddress channel = DiscordPlatform.channel(event.getChannelId());
        String line = CommandLines.of(event.getSubcommandGroup(), event.getSubcommandName(), options(event.getOptions()));
        boolean privately = forecast.isPrivate(line, caller, channel);
        event.deferReply(privately).queue(null, e -> LOG.warn("Discord: could not defer interaction {}", event.getId(), e));
        InteractionHook hook = event.getHook();
        String deliveryId = event.getId();
        workers.execute(() -> {
            Outcome outcome = dispatcher.dispatch(new CommandRequest(caller, channel, line, deliveryId,
                    progress(hook), false));
            answer(hook, outcome, deliveryId);
        });
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        String customId = event.getComponentId();
        int colon = customId.indexOf(EmbedRenderer.CUSTOM_ID_SEPARATOR);
        if (colon < 0) {
            event.reply(renderer.render(Reply.error(Messages.discordUnknownButton())).toCreateData()).setEphemeral(true)
                    .queue(null, e -> LOG.warn("Discord: could not answer button {}", customId, e));
            return;
        }
        String actionId = actionId(customId.substring(0, colon));
        if (refusedDm(event.isFromGuild())) {
            event.reply(renderer.render(Reply.error(Messages.discordDmsRefused())).toCreateData()).setEphemeral(true)
                    .queue(null, e -> LOG.warn("Discord: could not refuse a DM button", e));
            return;
        }
        String token = customId.substring(colon + 1);
        Caller caller = caller(event.getUser(), event.getMember());
        // a deferred update keeps the prompt as it is until the decision is known; then it is edited in place
        event.deferEdit().queue(null, e -> LOG.warn("Discord: could not defer button {}", event.getId(), e));
        InteractionHook hook = event.getHook();
        workers.execute(() -> {
            Outcome outcome = dispatcher.click(actionId, token, caller, progress(hook));
            if (outcome instanceof Outcome.Denied || outcome instanceof Outcome.Rejected) {
                // someone who may not decide: tell only them, leave the prompt for the right person
                hook.sendMessage(renderer.render(outcome.reply()).toCreateData()).setEphemeral(true)
                        .queue(null, e -> LOG.warn("Discord: could not answer button {}", event.getId(), e));
            } else {
                answer(hook, outcome, event.getId());
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

    private void answer(InteractionHook hook, Outcome outcome, String interactionId) {
        RenderedMessage message = renderer.render(outcome.reply());
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

    static List<Map.Entry<String, String>> options(List<OptionMapping> mappings) {
        return mappings.stream()
                .map(o -> (Map.Entry<String, String>) new AbstractMap.SimpleEntry<>(o.getName(), o.getAsString()))
                .toList();
    }
}
