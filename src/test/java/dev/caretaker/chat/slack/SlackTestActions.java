package dev.caretaker.chat.slack;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Reply;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Actions behind the {@code e2e ...} commands the Slack end-to-end tests declare; only in those tests' contexts. */
@Factory
@Requires(property = "caretaker.test.slack-actions", value = "true")
public class SlackTestActions {

    /** How many times an action really ran. */
    @Singleton
    public static final class Runs {
        private final AtomicInteger count = new AtomicInteger();
        private final java.util.Map<String, AtomicInteger> byCommand = new java.util.concurrent.ConcurrentHashMap<>();

        public int count() {
            return count.get();
        }

        /** Runs of one command: a slow command an earlier test left running does not count. */
        public int count(String command) {
            return byCommand.getOrDefault(command, new AtomicInteger()).get();
        }

        int increment() {
            return count.incrementAndGet();
        }

        int increment(String command) {
            byCommand.computeIfAbsent(command, c -> new AtomicInteger()).incrementAndGet();
            return increment();
        }
    }

    @Singleton
    @Named("test.count")
    Action count(Runs runs) {
        return context -> ActionResult.ok(Reply.text("Ran `" + context.command().name() + "` (run "
                + runs.increment(context.command().name()) + ")."));
    }

    @Singleton
    @Named("test.slow")
    Action slow(Runs runs) {
        return context -> {
            context.progress().update("Halfway through the slow report…");
            Thread.sleep(2_600);
            context.progress().update("Almost done…");
            Thread.sleep(600);
            runs.increment();
            return ActionResult.ok(Reply.builder().header("Slow report").text("All 3 steps done.").build());
        };
    }

    @Singleton
    @Named("test.quiet-slow")
    Action quietSlow(Runs runs) {
        return context -> {
            Thread.sleep(2_600);
            runs.increment();
            return ActionResult.ok(Reply.text("Quiet report done."));
        };
    }

    @Singleton
    @Named("test.table")
    Action table() {
        return context -> {
            List<List<String>> rows = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                rows.add(List.of("public.table_" + i, (i * 7) + " MB"));
            }
            return ActionResult.ok(Reply.builder().header("Table sizes").table(List.of("table", "size"), rows).build());
        };
    }
}
