package dev.caretaker.chat;

import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platform;
import dev.caretaker.reply.Reply;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A chat platform for tests that records what it was sent and can be told to fail like a real one: HTTP 500
 * (retryable), 429 with a Retry-After, unreachable, or a permanent refusal.
 */
public final class ChatDouble implements ChatAdapter {

    /** How the platform answers right now. */
    public enum Mode { OK, SERVER_ERROR, RATE_LIMITED, DOWN, REFUSE }

    /** One message the platform accepted (or an attempt it refused, in {@link #attempts()}). */
    public record Sent(String kind, ChannelAddress channel, String messageId, String parentId, Reply reply,
                       Instant at) {
    }

    private final Platform platform;
    private final List<Sent> sent = new ArrayList<>();
    private final List<Sent> attempts = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Mode mode = Mode.OK;
    private volatile Duration retryAfter = Duration.ofMillis(300);
    private volatile Duration latency = Duration.ZERO;

    public ChatDouble(Platform platform) {
        this.platform = platform;
    }

    public ChatDouble() {
        this(SlackPlatform.SLACK);
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    public void retryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    public void latency(Duration latency) {
        this.latency = latency;
    }

    @Override
    public Platform platform() {
        return platform;
    }

    @Override
    public MessageRef post(ChannelAddress channel, Reply reply) throws DeliveryException {
        answer("post", channel, null, reply);
        String id = "m" + ids.incrementAndGet();
        record(new Sent("post", channel, id, null, reply, Instant.now()));
        return new MessageRef(channel, id);
    }

    @Override
    public void update(MessageRef message, Reply reply) throws DeliveryException {
        answer("update", message.channel(), message.messageId(), reply);
        record(new Sent("update", message.channel(), message.messageId(), null, reply, Instant.now()));
    }

    @Override
    public MessageRef replyInThread(MessageRef parent, Reply reply) throws DeliveryException {
        answer("thread", parent.channel(), parent.messageId(), reply);
        String id = "m" + ids.incrementAndGet();
        record(new Sent("thread", parent.channel(), id, parent.messageId(), reply, Instant.now()));
        return new MessageRef(parent.channel(), id);
    }

    private void answer(String kind, ChannelAddress channel, String parent, Reply reply) throws DeliveryException {
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Mode now = mode;
        synchronized (this) {
            attempts.add(new Sent(kind + ":" + now, channel, null, parent, reply, Instant.now()));
        }
        switch (now) {
            case SERVER_ERROR -> throw DeliveryException.retryable("HTTP 500 from the platform", null);
            case RATE_LIMITED -> throw DeliveryException.rateLimited("HTTP 429", retryAfter);
            case DOWN -> throw DeliveryException.retryable("connection refused", new java.net.ConnectException());
            case REFUSE -> throw DeliveryException.permanent("channel_not_found", null);
            case OK -> {
            }
        }
    }

    private synchronized void record(Sent s) {
        sent.add(s);
    }

    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    public synchronized List<Sent> attempts() {
        return List.copyOf(attempts);
    }

    public List<Sent> sent(Predicate<Sent> which) {
        return sent().stream().filter(which).toList();
    }

    public List<Sent> posts() {
        return sent(s -> s.kind().equals("post"));
    }

    public List<Sent> updates() {
        return sent(s -> s.kind().equals("update"));
    }

    public List<Sent> threads() {
        return sent(s -> s.kind().equals("thread"));
    }

    /** Waits until {@code condition} holds over what was sent; false after the timeout. */
    public boolean await(Duration timeout, Predicate<List<Sent>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.test(sent())) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.test(sent());
    }

    /** A plain-text view of a reply, for assertions. */
    public static String text(Reply reply) {
        return dev.caretaker.reply.PlainText.render(reply);
    }

    /** Just the ids of a platform's messages so far, in order. */
    public List<String> postIds() {
        List<String> out = new ArrayList<>();
        posts().forEach(p -> out.add(p.messageId()));
        return out;
    }
}
