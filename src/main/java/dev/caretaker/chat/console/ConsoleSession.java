package dev.caretaker.chat.console;

import dev.caretaker.chat.Inbound;
import dev.caretaker.command.CommandInput;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.reply.PlainText;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.Caller;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One console user's commands: the words {@code confirm}, {@code cancel}, {@code approve} and {@code reject}
 * followed by a token answer pending requests, as the buttons do in chat; everything else is a command.
 */
public final class ConsoleSession {

    /** Console words that answer a pending request, and the button each stands for. */
    public static final Map<String, String> DECISIONS = Map.of(
            "confirm", ButtonActions.CONFIRM, "cancel", ButtonActions.CANCEL,
            "approve", ButtonActions.APPROVE, "reject", ButtonActions.REJECT);

    private final Inbound inbound;
    private final Caller caller;
    private final PrintStream out;

    public ConsoleSession(Inbound inbound, Caller caller, PrintStream out) {
        this.inbound = inbound;
        this.caller = caller;
        this.out = out;
    }

    /** Runs one line and prints the reply; answers what became of it for callers that need the exit code. */
    public Inbound.Answer handle(String line, boolean preConfirmed) {
        String trimmed = line.strip();
        List<String> words = List.of(trimmed.split("\\s+"));
        String word = words.get(0).toLowerCase(Locale.ROOT);
        String button = DECISIONS.get(word);
        Inbound.Answer answer;
        if (button != null && words.size() == 2) {
            answer = inbound.click(caller, button, words.get(1), this::progress);
        } else if (button != null && words.size() == 1) {
            // The bare word is someone following "Type `confirm <token>`" without the token, not an unknown command.
            answer = Inbound.Answer.refused(Reply.error(ConsoleMessages.decisionNeedsToken(word)));
        } else {
            answer = inbound.command(new Inbound.Request(caller, ChannelAddress.CONSOLE, new CommandInput.Text(trimmed),
                    null, this::progress, preConfirmed));
        }
        print(answer);
        return answer;
    }

    void print(Inbound.Answer answer) {
        if (answer.status() == Inbound.Answer.Status.REPEAT) {
            return;
        }
        out.print(PlainText.render(answer.reply()));
        out.flush();
    }

    private void progress(String text) {
        out.println("… " + text);
        out.flush();
    }
}
