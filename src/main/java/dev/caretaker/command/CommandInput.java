package dev.caretaker.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What someone asked for, as their platform delivered it: a line to parse (Slack, the console), or a command the
 * platform already took apart into a name and typed options (Discord's slash commands), which is bound to the
 * command's arguments without turning it back into text.
 */
public sealed interface CommandInput {

    /** The request as one line, for the audit and for replaying a confirmed request: {@code db vacuum table=orders}. */
    String line();

    /** A line as typed after {@code /ops} or on the console. */
    record Text(String line) implements CommandInput {

        public Text {
            Objects.requireNonNull(line, "line");
        }
    }

    /**
     * A command the platform parsed: its full name ({@code db vacuum}, {@code help}) and its options by argument
     * name, in the order the platform gave them, typed as the platform typed them ({@code String}, {@code Long},
     * {@code Boolean}); they are still checked and converted like typed ones.
     */
    record Parsed(String command, Map<String, Object> args) implements CommandInput {

        public Parsed {
            Objects.requireNonNull(command, "command");
            args = args == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(args));
        }

        /** The line a person would type for the same request; each value quoted so it reads back unchanged. */
        @Override
        public String line() {
            StringBuilder line = new StringBuilder(command);
            args.forEach((name, value) -> line.append(' ').append(name).append('=')
                    .append(Tokenizer.quote(String.valueOf(value))));
            return line.toString();
        }
    }
}
