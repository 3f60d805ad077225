package dev.caretaker.chat.console;

import dev.caretaker.command.CommandRegistry;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.reply.Messages;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The interactive console: line editing, history in {@code data/console_history}, tab completion of
 * command names. Reads until {@code exit} or end of input.
 */
public final class ConsoleRepl {

    private final ConsoleSession session;
    private final CommandRegistry registry;
    private final Path historyFile;

    public ConsoleRepl(ConsoleSession session, CommandRegistry registry, Path historyFile) {
        this.session = session;
        this.registry = registry;
        this.historyFile = historyFile;
    }

    /** Reads from the process's own terminal when there is one, else from the given streams without line editing. */
    public void run(InputStream in, OutputStream out, boolean interactive) throws IOException {
        List<String> words = new ArrayList<>();
        for (CommandSpec c : registry.all()) {
            words.add(c.name());
        }
        words.addAll(ConsoleSession.DECISIONS.keySet());
        words.add("exit");
        if (historyFile.getParent() != null) {
            java.nio.file.Files.createDirectories(historyFile.getParent());
        }
        TerminalBuilder builder = interactive ? TerminalBuilder.builder().system(true)
                : TerminalBuilder.builder().streams(in, out).system(false).dumb(true);
        try (Terminal terminal = builder.build()) {
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("caretaker")
                    .completer(new StringsCompleter(words))
                    .variable(LineReader.HISTORY_FILE, historyFile)
                    .build();
            PrintStream print = new PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
            print.println(Messages.consoleWelcome());
            while (true) {
                String line;
                try {
                    line = reader.readLine("caretaker> ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return;
                }
                if (line == null) {
                    return;
                }
                String t = line.strip();
                if (t.isEmpty()) {
                    continue;
                }
                if (t.equals("exit") || t.equals("quit")) {
                    return;
                }
                session.handle(t, false);
            }
        }
    }
}
