package dev.caretaker.chat.slack;

import com.slack.api.Slack;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.AppMentionEvent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The one Bolt {@link App} behind {@code POST /slack/events} and Socket Mode: the slash command, app
 * mentions and Caretaker's buttons, each handed to the {@link SlackCommandRunner} and acknowledged at once.
 */
public final class SlackBoltApp {

    // "<@U0BOT> db status" -> "db status"; mentions of the bot anywhere at the start are dropped.
    private static final Pattern LEADING_MENTIONS = Pattern.compile("^(\\s*<@[A-Z0-9]+(\\|[^>]*)?>\\s*)+");
    private static final Logger LOG = LoggerFactory.getLogger(SlackBoltApp.class);
    private static final Pattern CARETAKER_BUTTONS = Pattern.compile("^caretaker\\..+$");

    /**
     * Where a slash command's ack can go before Bolt's handler returns: {@link SlackEventsController} binds it around
     * {@code App.run}, so the command runs on the request's thread and a long one still acks within Slack's window.
     * Socket Mode binds nothing.
     */
    static final ScopedValue<Consumer<Response>> EARLY_ACK = ScopedValue.newInstance();

    private SlackBoltApp() {
    }

    public static App build(Slack slack, SlackSettings settings, SlackCommandRunner runner) {
        AppConfig config = AppConfig.builder()
                .slack(slack)
                .singleTeamBotToken(settings.botToken().reveal())
                .signingSecret(settings.signingSecret().map(s -> s.reveal()).orElse(null))
                // SlackEventsController verifies every request with SlackRequestVerifier (our clock, both
                // directions) before Bolt sees it; Socket Mode requests are not signed at all.
                .requestVerificationEnabled(false)
                .build();
        App app = new App(config);

        app.command(settings.command(), (req, ctx) -> {
            SlashCommandPayload p = req.getPayload();
            // read here: the early ack is sent from the timer's thread, where the scoped value is not bound
            Consumer<SlackCommandRunner.Ack> early = EARLY_ACK.isBound() ? earlyAck(EARLY_ACK.get(), ctx) : null;
            SlackCommandRunner.Ack ack = runner.command(
                    new SlackCommandRunner.Origin(p.getUserId(), p.getUserName(), p.getChannelId(), p.getResponseUrl(), null),
                    p.getText() == null ? "" : p.getText(), "command:" + p.getTriggerId(), early);
            return ack(ctx, ack);
        });

        app.event(AppMentionEvent.class, (payload, ctx) -> {
            AppMentionEvent e = payload.getEvent();
            if (e == null || e.getUser() == null || e.getChannel() == null) {
                // the HTTP endpoint refuses these before Bolt; Socket Mode delivers what Slack sent as it is
                LOG.warn("Ignored an app_mention without user or channel");
                return ctx.ack();
            }
            runner.mention(new SlackCommandRunner.Origin(e.getUser(), e.getUsername(), e.getChannel(), null, e.getThreadTs()),
                    withoutMention(e.getText()), "event:" + payload.getEventId());
            return ctx.ack();
        });

        app.blockAction(CARETAKER_BUTTONS, (req, ctx) -> {
            BlockActionPayload p = req.getPayload();
            if (p.getUser() == null || p.getActions() == null || p.getActions().isEmpty()
                    || p.getActions().get(0) == null || p.getContainer() == null) {
                LOG.warn("Ignored a button click without user, action or container");
                return ctx.ack();
            }
            BlockActionPayload.Action action = p.getActions().get(0);
            String channel = p.getChannel() != null && p.getChannel().getId() != null ? p.getChannel().getId()
                    : p.getContainer().getChannelId();
            runner.button(new SlackCommandRunner.Origin(p.getUser().getId(), p.getUser().getName(), channel,
                            p.getResponseUrl(), null),
                    action.getActionId(), action.getValue(), p.getContainer().getMessageTs(), p.getContainer().isEphemeral());
            return ctx.ack();
        });
        return app;
    }

    private static Consumer<SlackCommandRunner.Ack> earlyAck(Consumer<Response> sink, SlashCommandContext ctx) {
        return ack -> {
            try {
                sink.accept(ack(ctx, ack));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static Response ack(SlashCommandContext ctx, SlackCommandRunner.Ack ack) throws IOException {
        if (ack.message().isEmpty()) {
            return ctx.ack();
        }
        SlackMessage message = ack.message().get();
        return ctx.ack(r -> r.responseType(ack.inChannel() ? "in_channel" : "ephemeral")
                .text(message.text()).blocks(message.blocks()));
    }

    static String withoutMention(String text) {
        return text == null ? "" : LEADING_MENTIONS.matcher(text).replaceFirst("").strip();
    }
}
