package dev.caretaker.chat.console;

import dev.caretaker.command.CommandRegistry;
import dev.caretaker.command.CommandSpec;
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

    /**
     * Reads commands until {@code exit} or end of input: from the process's terminal with line editing,
     * history and completion when {@code interactive}, else line by line from {@code in} (scripts, pipes).
     */
    public void run(InputStream in, OutputStream out, boolean interactive) throws IOException {
        PrintStream print = new PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        print.println(ConsoleMessages.consoleWelcome());
        if (!interactive) {
            java.io.BufferedReader reader = new java.io.BufferedReader(
                    new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null && handle(line)) {
                // each line handled in the condition
            }
            return;
        }
        List<String> words = new ArrayList<>();
        for (CommandSpec c : registry.all()) {
            words.add(c.name());
        }
        words.addAll(ConsoleSession.DECISIONS.keySet());
        words.add("exit");
        if (historyFile.getParent() != null) {
            java.nio.file.Files.createDirectories(historyFile.getParent());
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("caretaker")
                    .completer(new StringsCompleter(words))
                    .variable(LineReader.HISTORY_FILE, historyFile)
                    .build();
            while (true) {
                String line;
                try {
                    line = reader.readLine("caretaker> ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return;
                }
                if (line == null || !handle(line)) {
                    return;
                }
            }
        }
    }

    /** Handles one line; false when the user asked to leave. */
    private boolean handle(String line) {
        String t = line.strip();
        if (t.equals("exit") || t.equals("quit")) {
            return false;
        }
        if (!t.isEmpty()) {
            session.handle(t, false);
        }
        return true;
    }
}
