package dev.caretaker.chat.slack;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Spaces messages to one channel at least {@code interval} apart (Slack allows about one per second per
 * channel); callers wait their turn instead of collecting 429s. Different channels do not wait for each other.
 */
public final class ChannelPacer {

    public static final Duration SLACK_INTERVAL = Duration.ofSeconds(1);

    private final long intervalNanos;
    private final Map<String, Long> nextSlot = new HashMap<>();

    public ChannelPacer(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** Blocks until this channel's next slot and claims it. */
    public void await(String channel) throws InterruptedException {
        long now = System.nanoTime();
        long slot;
        synchronized (nextSlot) {
            slot = Math.max(now, nextSlot.getOrDefault(channel, now));
            nextSlot.put(channel, slot + intervalNanos);
            if (nextSlot.size() > 10_000) {
                // Forget channels whose slot has passed so the map stays small.
                nextSlot.values().removeIf(next -> next < now);
            }
        }
        long wait = slot - now;
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
