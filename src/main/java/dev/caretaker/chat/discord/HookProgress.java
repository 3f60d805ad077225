package dev.caretaker.chat.discord;

import dev.caretaker.action.Progress;
import dev.caretaker.reply.Reply;
import net.dv8tion.jda.api.interactions.InteractionHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Progress of a long action shown by editing the interaction's one message; updates closer together than
 * {@link #MIN_INTERVAL} are dropped, since Discord would only rate-limit them and the final answer follows anyway.
 */
final class HookProgress implements Progress {

    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(HookProgress.class);

    private final InteractionHook hook;
    private final EmbedRenderer renderer;
    private long lastNanos;
    private boolean sent;

    HookProgress(InteractionHook hook, EmbedRenderer renderer) {
        this.hook = hook;
        this.renderer = renderer;
    }

    @Override
    public synchronized void update(String text) {
        long now = System.nanoTime();
        if (sent && now - lastNanos < MIN_INTERVAL.toNanos()) {
            return;
        }
        sent = true;
        lastNanos = now;
        hook.editOriginal(renderer.render(Reply.text(text)).toEditData())
                .queue(null, e -> LOG.debug("Discord: progress update not shown", e));
    }
}
