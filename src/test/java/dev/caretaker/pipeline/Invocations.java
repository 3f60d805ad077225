package dev.caretaker.pipeline;

import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.command.ActionRef;
import dev.caretaker.command.Args;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.command.Source;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Visibility;
import dev.caretaker.security.Caller;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds invocations and a counting end of chain for interceptor tests. */
final class Invocations {

    private Invocations() {
    }

    static CommandSpec spec(String name, String role, boolean confirm, int approval, Duration cooldown, Set<String> channels) {
        return new CommandSpec(name, "", List.of(), role, confirm, approval, cooldown, channels, Duration.ofSeconds(5),
                List.of(), Visibility.CHANNEL, ActionRef.builtin("test.record"), new Source("test.yml", 1));
    }

    static CommandSpec plain(String name, String role) {
        return spec(name, role, false, 1, Duration.ZERO, Set.of());
    }

    static Invocation of(CommandSpec spec, Caller caller, String deliveryId) {
        return new Invocation("r-test", caller, SlackPlatform.channel("COPS"), spec, Args.none(), spec.name(),
                Instant.parse("2026-11-26T09:00:00Z"), deliveryId, false, List.of(), null);
    }

    /** The end of a chain that counts how often it was reached. */
    static final class Counting implements Interceptor.Chain {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Outcome proceed(Invocation invocation) {
            calls.incrementAndGet();
            return new Outcome.Completed(Reply.text("done"));
        }
    }
}
