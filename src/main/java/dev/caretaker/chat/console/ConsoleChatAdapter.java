package dev.caretaker.chat.console;

import dev.caretaker.chat.ChatAdapter;
import dev.caretaker.chat.MessageRef;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platform;
import dev.caretaker.reply.PlainText;
import dev.caretaker.reply.Reply;
import jakarta.inject.Singleton;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/** Prints messages for the {@code console} channel (alerts, digests) to standard output. */
@Singleton
public final class ConsoleChatAdapter implements ChatAdapter {

    private final PrintStream out;
    private final AtomicLong ids = new AtomicLong();

    public ConsoleChatAdapter() {
        this(System.out);
    }

    ConsoleChatAdapter(PrintStream out) {
        this.out = out;
    }

    @Override
    public Platform platform() {
        return Platform.CONSOLE;
    }

    @Override
    public MessageRef post(ChannelAddress channel, Reply reply) {
        MessageRef ref = new MessageRef(channel, "m" + ids.incrementAndGet());
        print("", reply);
        return ref;
    }

    @Override
    public void update(MessageRef message, Reply reply) {
        print(ConsoleMessages.updateOf(message.messageId()), reply);
    }

    @Override
    public MessageRef replyInThread(MessageRef parent, Reply reply) {
        MessageRef ref = new MessageRef(parent.channel(), "m" + ids.incrementAndGet());
        print("  ↳ ", reply);
        return ref;
    }

    private synchronized void print(String prefix, Reply reply) {
        out.print(prefix + PlainText.render(reply));
        out.flush();
    }
}
