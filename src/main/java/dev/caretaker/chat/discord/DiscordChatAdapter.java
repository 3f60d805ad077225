package dev.caretaker.chat.discord;

import dev.caretaker.chat.ChatAdapter;
import dev.caretaker.chat.DeliveryException;
import dev.caretaker.chat.MessageRef;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platform;
import dev.caretaker.reply.Reply;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.RateLimitedException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.RestAction;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Posts, edits and answers messages in {@code discord:<channel id>} for alerts and digests. JDA waits out
 * Discord's rate limits itself; whatever still fails becomes a {@link DeliveryException} the outbox retries
 * (or drops, when retrying cannot help).
 */
@Singleton
@Requires(condition = DiscordEnabled.class)
public final class DiscordChatAdapter implements ChatAdapter {

    /** Errors that the same request will meet again: the channel or message is gone, or the bot may not post. */
    private static final Set<ErrorResponse> PERMANENT = EnumSet.of(ErrorResponse.UNKNOWN_CHANNEL,
            ErrorResponse.UNKNOWN_MESSAGE, ErrorResponse.MISSING_ACCESS, ErrorResponse.MISSING_PERMISSIONS,
            ErrorResponse.INVALID_FORM_BODY, ErrorResponse.CANNOT_SEND_TO_USER);

    private final DiscordGateway gateway;
    private final EmbedRenderer renderer;
    private final Duration timeout;

    public DiscordChatAdapter(DiscordGateway gateway, EmbedRenderer renderer, DiscordSettings settings) {
        this.gateway = gateway;
        this.renderer = renderer;
        this.timeout = settings.sendTimeout();
    }

    @Override
    public Platform platform() {
        return DiscordPlatform.DISCORD;
    }

    @Override
    public MessageRef post(ChannelAddress channel, Reply reply) throws DeliveryException {
        Message sent = await(channel(channel).sendMessage(renderer.render(reply).toCreateData()), channel);
        return new MessageRef(channel, sent.getId());
    }

    @Override
    public void update(MessageRef message, Reply reply) throws DeliveryException {
        await(channel(message.channel()).editMessageById(message.messageId(), renderer.render(reply).toEditData()),
                message.channel());
    }

    /** Discord's answer to a message (a reply that quotes it); threads would need another permission. */
    @Override
    public MessageRef replyInThread(MessageRef parent, Reply reply) throws DeliveryException {
        Message sent = await(channel(parent.channel()).sendMessage(renderer.render(reply).toCreateData())
                .setMessageReference(parent.messageId()).failOnInvalidReply(false), parent.channel());
        return new MessageRef(parent.channel(), sent.getId());
    }

    private GuildMessageChannel channel(ChannelAddress address) throws DeliveryException {
        if (!address.platform().equals(DiscordPlatform.DISCORD)) {
            throw DeliveryException.permanent("not a Discord address: " + address, null);
        }
        JDA jda = gateway.jda().orElseThrow(() -> DeliveryException.retryable(
                "Discord is not connected on this replica (another replica holds the gateway session)", null));
        if (jda.getStatus() != JDA.Status.CONNECTED) {
            throw DeliveryException.retryable("Discord is " + jda.getStatus() + ", not connected yet", null);
        }
        GuildMessageChannel channel;
        try {
            channel = jda.getChannelById(GuildMessageChannel.class, address.id());
        } catch (NumberFormatException e) {
            throw DeliveryException.permanent("not a Discord channel id: " + address, e);
        }
        if (channel == null) {
            throw DeliveryException.permanent("no channel " + address + " in any server the bot is in; invite it "
                    + "to that server or fix the address", null);
        }
        return channel;
    }

    private <T> T await(RestAction<T> action, ChannelAddress where) throws DeliveryException {
        CompletableFuture<T> future = action.submit();
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw DeliveryException.retryable("Discord did not answer within " + timeout + " for " + where, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.retryable("interrupted while sending to " + where, e);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), where);
        }
    }

    static DeliveryException failure(Throwable cause, ChannelAddress where) {
        if (cause instanceof RateLimitedException r) {
            return DeliveryException.rateLimited("Discord rate limit for " + where, Duration.ofMillis(r.getRetryAfter()));
        }
        if (cause instanceof ErrorResponseException e) {
            String what = "Discord refused the message for " + where + ": " + e.getMeaning() + " (" + e.getErrorCode() + ")";
            if (PERMANENT.contains(e.getErrorResponse())) {
                return DeliveryException.permanent(what, e);
            }
            return DeliveryException.retryable(what, e);
        }
        return DeliveryException.retryable("Discord could not be reached for " + where + ": " + cause, cause);
    }
}
