package dev.caretaker.chat.slack;

import dev.caretaker.chat.ChatAdapter;
import dev.caretaker.chat.DeliveryException;
import dev.caretaker.chat.MessageRef;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platform;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Visibility;

import java.time.Duration;

/**
 * Posts, edits and threads Caretaker's own messages (alerts, digests, results) in Slack channels, one attempt per
 * call (the outbox retries, and spaces new messages in a channel by {@link #pace()}); a reply too long for a
 * message gets its full text attached.
 */
public final class SlackChatAdapter implements ChatAdapter {

    /** Slack takes about one new message per second and channel (short bursts aside). */
    public static final Duration CHANNEL_PACE = Duration.ofSeconds(1);

    private final SlackWebApi api;
    private final BlockKitRenderer renderer;

    public SlackChatAdapter(SlackWebApi api, BlockKitRenderer renderer) {
        this.api = api;
        this.renderer = renderer;
    }

    @Override
    public Platform platform() {
        return SlackPlatform.SLACK;
    }

    @Override
    public Duration pace() {
        return CHANNEL_PACE;
    }

    @Override
    public MessageRef post(ChannelAddress channel, Reply reply) throws DeliveryException {
        String ts = api.postMessage(slackId(channel), null, render(reply));
        return new MessageRef(channel, ts);
    }

    @Override
    public void update(MessageRef message, Reply reply) throws DeliveryException {
        api.update(slackId(message.channel()), message.messageId(), render(reply));
    }

    @Override
    public MessageRef replyInThread(MessageRef parent, Reply reply) throws DeliveryException {
        String ts = api.postMessage(slackId(parent.channel()), parent.messageId(), render(reply));
        return new MessageRef(parent.channel(), ts);
    }

    // Messages Caretaker sends on its own have no requester to hide them from: they go to the channel.
    private SlackMessage render(Reply reply) {
        return renderer.render(reply.visibility() == Visibility.CHANNEL ? reply
                : reply.toBuilder().visibility(Visibility.CHANNEL).build());
    }

    private static String slackId(ChannelAddress channel) throws DeliveryException {
        if (!channel.platform().equals(SlackPlatform.SLACK)) {
            throw DeliveryException.permanent("not a Slack channel: " + channel, null);
        }
        return channel.id();
    }
}
