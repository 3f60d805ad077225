package dev.caretaker.chat.slack;

import com.slack.api.Slack;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.model.event.AppMentionEvent;

import java.util.regex.Pattern;

/**
 * The one Bolt {@link App} behind {@code POST /slack/events} and Socket Mode: the slash command, app
 * mentions and Caretaker's buttons, each handed to the {@link SlackCommandRunner} and acknowledged at once.
 */
public final class SlackBoltApp {

    // "<@U0BOT> db status" -> "db status"; mentions of the bot anywhere at the start are dropped.
    private static final Pattern LEADING_MENTIONS = Pattern.compile("^(\\s*<@[A-Z0-9]+(\\|[^>]*)?>\\s*)+");
    private static final Pattern CARETAKER_BUTTONS = Pattern.compile("^caretaker\\..+$");

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
            SlackCommandRunner.Ack ack = runner.command(
                    new SlackCommandRunner.Origin(p.getUserId(), p.getUserName(), p.getChannelId(), p.getResponseUrl(), null),
                    p.getText() == null ? "" : p.getText(), "command:" + p.getTriggerId());
            if (ack.message().isEmpty()) {
                return ctx.ack();
            }
            SlackMessage message = ack.message().get();
            return ctx.ack(r -> r.responseType(ack.inChannel() ? "in_channel" : "ephemeral")
                    .text(message.text()).blocks(message.blocks()));
        });

        app.event(AppMentionEvent.class, (payload, ctx) -> {
            AppMentionEvent e = payload.getEvent();
            runner.mention(new SlackCommandRunner.Origin(e.getUser(), e.getUsername(), e.getChannel(), null, e.getThreadTs()),
                    withoutMention(e.getText()), "event:" + payload.getEventId());
            return ctx.ack();
        });

        app.blockAction(CARETAKER_BUTTONS, (req, ctx) -> {
            BlockActionPayload p = req.getPayload();
            BlockActionPayload.Action action = p.getActions().get(0);
            String channel = p.getChannel() != null ? p.getChannel().getId() : p.getContainer().getChannelId();
            runner.button(new SlackCommandRunner.Origin(p.getUser().getId(), p.getUser().getName(), channel,
                            p.getResponseUrl(), null),
                    action.getActionId(), action.getValue(), p.getContainer().getMessageTs(), p.getContainer().isEphemeral());
            return ctx.ack();
        });
        return app;
    }

    static String withoutMention(String text) {
        return text == null ? "" : LEADING_MENTIONS.matcher(text).replaceFirst("").strip();
    }
}
