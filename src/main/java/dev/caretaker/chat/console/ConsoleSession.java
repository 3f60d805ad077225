package dev.caretaker.chat.console;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Decision;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.Messages;
import dev.caretaker.reply.PlainText;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.Caller;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One console user's commands: the words {@code confirm}, {@code cancel}, {@code approve} and
 * {@code reject} followed by a token answer pending requests; everything else goes to the dispatcher.
 */
public final class ConsoleSession {

    /** Console words that answer a pending request, and what they decide. */
    public static final Map<String, Decision> DECISIONS = Map.of(
            "confirm", Decision.CONFIRM, "cancel", Decision.CANCEL,
            "approve", Decision.APPROVE, "reject", Decision.REJECT);

    private final Dispatcher dispatcher;
    private final Caller caller;
    private final PrintStream out;

    public ConsoleSession(Dispatcher dispatcher, Caller caller, PrintStream out) {
        this.dispatcher = dispatcher;
        this.caller = caller;
        this.out = out;
    }

    /** Runs one line and prints the reply; answers the outcome for callers that need the exit code. */
    public Outcome handle(String line, boolean preConfirmed) {
        String trimmed = line.strip();
        List<String> words = List.of(trimmed.split("\\s+"));
        Decision decision = DECISIONS.get(words.get(0).toLowerCase(Locale.ROOT));
        Outcome outcome;
        if (decision != null && words.size() == 2) {
            outcome = dispatcher.decide(words.get(1), decision, caller, this::progress);
        } else if (decision != null && words.size() == 1) {
            // The bare word is someone following "Type `confirm <token>`" without the token, not an unknown command.
            outcome = new Outcome.Rejected(Reply.error(Messages.decisionNeedsToken(words.get(0).toLowerCase(Locale.ROOT))));
        } else {
            outcome = dispatcher.dispatch(new CommandRequest(caller, ChannelAddress.CONSOLE, trimmed, null,
                    this::progress, preConfirmed));
        }
        print(outcome);
        return outcome;
    }

    void print(Outcome outcome) {
        if (outcome instanceof Outcome.Duplicate) {
            return;
        }
        out.print(PlainText.render(outcome.reply()));
        out.flush();
    }

    private void progress(String text) {
        out.println("… " + text);
        out.flush();
    }
}
