package dev.caretaker.action.builtin.db;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.command.ActionRef;
import dev.caretaker.command.Args;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.reply.PlainText;
import dev.caretaker.security.Caller;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link ActionContext} for calling an action directly, recording its progress updates. */
public final class FakeContext {

    public final List<String> progress = new CopyOnWriteArrayList<>();
    private final String command;
    private final Duration timeout;

    public FakeContext(String command, Duration timeout) {
        this.command = command;
        this.timeout = timeout;
    }

    public FakeContext(String command) {
        this(command, Duration.ofMinutes(1));
    }

    public ActionContext with(Map<String, Object> args) {
        CommandSpec spec = new CommandSpec(command, "", List.of(), "viewer", false, 1, Duration.ZERO, Set.of(), timeout,
                List.of(), null, ActionRef.builtin(command.replace(' ', '.')), null);
        return new ActionContext("req-1", Caller.console("tester"), ChannelAddress.CONSOLE, spec, new Args(args),
                progress::add);
    }

    /** What the user would read, as the console prints it. */
    public static String text(ActionResult result) {
        return PlainText.render(result.reply());
    }
}
