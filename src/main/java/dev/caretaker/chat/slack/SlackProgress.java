package dev.caretaker.chat.slack;

import dev.caretaker.action.Progress;
import dev.caretaker.chat.DeliveryException;
import dev.caretaker.reply.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Progress of a long command as one Slack message, posted on the first update and edited after that,
 * at most once per {@code interval} (updates in between are dropped; the next one shows the latest).
 * Updates wait until {@link #arm()}: a command that answers in the ack never leaves a progress message.
 */
final class SlackProgress implements Progress {

    private static final Logger LOG = LoggerFactory.getLogger(SlackProgress.class);

    private final SlackWebApi api;
    private final BlockKitRenderer renderer;
    private final String channel;
    private final long intervalNanos;
    private final Executor executor;
    private final Object sendLock = new Object();

    private String latest;
    private boolean armed;
    private boolean finished;
    private boolean sending;
    private long lastSent = Long.MIN_VALUE;
    private String ts;

    /** @param messageTs a message to edit with progress (the one whose button was clicked), or null to post one */
    SlackProgress(SlackWebApi api, BlockKitRenderer renderer, String channel, String messageTs, Duration interval,
                  Executor executor) {
        this.api = api;
        this.renderer = renderer;
        this.channel = channel;
        this.ts = messageTs;
        this.intervalNanos = interval.toNanos();
        this.executor = executor;
    }

    @Override
    public void update(String text) {
        synchronized (this) {
            latest = text;
            if (!armed || finished || sending
                    || (lastSent != Long.MIN_VALUE && System.nanoTime() - lastSent < intervalNanos)) {
                return;
            }
            sending = true;
        }
        executor.execute(this::send);
    }

    /** From now on updates reach Slack; the latest one so far goes out at once. */
    void arm() {
        String pending;
        synchronized (this) {
            armed = true;
            pending = latest;
        }
        if (pending != null) {
            update(pending);
        }
    }

    /** Stops further updates, waits for one in flight, and answers the progress message's ts if one was posted. */
    Optional<String> finish() {
        synchronized (this) {
            finished = true;
        }
        synchronized (sendLock) {
            return Optional.ofNullable(ts);
        }
    }

    private void send() {
        synchronized (sendLock) {
            String text;
            synchronized (this) {
                text = latest;
                if (finished) {
                    sending = false;
                    return;
                }
            }
            try {
                SlackMessage message = renderer.render(Reply.text(text));
                if (ts == null) {
                    ts = api.postMessage(channel, null, message);
                } else {
                    api.update(channel, ts, message);
                }
            } catch (DeliveryException e) {
                // Progress is a courtesy (one attempt); the result still arrives, retried by DirectDelivery.
                LOG.info("Could not show progress in {}: {}", channel, e.getMessage());
            } finally {
                synchronized (this) {
                    sending = false;
                    lastSent = System.nanoTime();
                }
            }
        }
    }
}
