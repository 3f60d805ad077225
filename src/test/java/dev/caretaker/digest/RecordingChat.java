package dev.caretaker.digest;

import dev.caretaker.chat.ChatAdapter;
import dev.caretaker.chat.DeliveryException;
import dev.caretaker.chat.MessageRef;
import dev.caretaker.chat.console.ConsoleChatAdapter;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platform;
import dev.caretaker.reply.Reply;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The console channel, recording what was posted and edited instead of printing it. */
@Singleton
@Replaces(ConsoleChatAdapter.class)
@Requires(property = "caretaker.test.recording-chat", value = "true")
public final class RecordingChat implements ChatAdapter {

    /** One post ({@code update} false) or edit of a message. */
    public record Sent(String messageId, Reply reply, boolean update) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicReference<DeliveryException> nextFailure = new AtomicReference<>();

    @Override
    public Platform platform() {
        return Platform.CONSOLE;
    }

    /** The next post fails with this, as a platform that is down or refuses the channel would. */
    public void failNextPost(DeliveryException failure) {
        nextFailure.set(failure);
    }

    @Override
    public MessageRef post(ChannelAddress channel, Reply reply) throws DeliveryException {
        DeliveryException failure = nextFailure.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
        String id = "m" + ids.incrementAndGet();
        sent.add(new Sent(id, reply, false));
        return new MessageRef(channel, id);
    }

    @Override
    public void update(MessageRef message, Reply reply) {
        sent.add(new Sent(message.messageId(), reply, true));
    }

    @Override
    public MessageRef replyInThread(MessageRef parent, Reply reply) throws DeliveryException {
        return post(parent.channel(), reply);
    }

    /** Waits until {@code count} messages were posted (the outbox delivers after the commit), then answers them. */
    public List<Sent> awaitPosts(int count, java.time.Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (posts().size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return posts();
    }

    /** Waits until {@code count} posts and edits were sent, then answers them. */
    public List<Sent> awaitAll(int count, java.time.Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (all().size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return all();
    }

    public List<Sent> posts() {
        return sent.stream().filter(s -> !s.update()).toList();
    }

    public List<Sent> all() {
        return List.copyOf(sent);
    }
}
