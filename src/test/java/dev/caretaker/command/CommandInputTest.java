package dev.caretaker.command;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A command the platform already parsed is bound with the same checks as a typed line, without becoming text first. */
class CommandInputTest {

    private final Parser parser = new Parser(ParserTest.registry(),
            type -> "postgres".equals(type) ? Set.of("main") : Set.of());

    private static CommandInput.Parsed parsed(String command, Object... namesAndValues) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            args.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new CommandInput.Parsed(command, args);
    }

    @Test
    void typedOptionsAreBoundLikeTheLineAPersonWouldType() throws UsageException {
        ParsedCommand fromOptions = parser.parse(parsed("db vacuum", "table", "orders", "full", true));
        ParsedCommand fromLine = parser.parse(new CommandInput.Text("db vacuum orders full=true"));
        assertEquals(fromLine.command(), fromOptions.command());
        assertEquals(fromLine.args().asMap(), fromOptions.args().asMap());
        assertEquals("db vacuum", fromOptions.command().name());
        assertTrue(fromOptions.args().bool("full"));
        assertEquals("main", fromOptions.args().string("target").orElseThrow(), "the only postgres target");

        ParsedCommand audit = parser.parse(parsed("audit", "limit", 50L, "since", "2h"));
        assertEquals(50L, audit.args().integer("limit").orElseThrow());
        assertEquals(Duration.ofHours(2), audit.args().duration("since").orElseThrow());
    }

    @Test
    void optionsGetTheSameChecksAndSentencesAsTypedArguments() {
        UsageException range = assertThrows(UsageException.class, () -> parser.parse(parsed("audit", "limit", 9000L)));
        UsageException typed = assertThrows(UsageException.class, () -> parser.parse("audit limit=9000"));
        assertEquals(typed.getMessage(), range.getMessage());
        UsageException missing = assertThrows(UsageException.class, () -> parser.parse(parsed("db vacuum")));
        assertEquals(assertThrows(UsageException.class, () -> parser.parse("db vacuum")).getMessage(),
                missing.getMessage());
        UsageException unknownArg = assertThrows(UsageException.class,
                () -> parser.parse(parsed("db status", "table", "orders")));
        assertEquals(assertThrows(UsageException.class, () -> parser.parse("db status table=orders")).getMessage(),
                unknownArg.getMessage());
        UsageException unknown = assertThrows(UsageException.class, () -> parser.parse(parsed("db explode")));
        assertEquals(assertThrows(UsageException.class, () -> parser.parse("db explode")).getMessage(),
                unknown.getMessage());
    }

    @Test
    void theLineForTheAuditQuotesWhatWouldNotReadBack() throws UsageException {
        assertEquals("db vacuum table=orders full=true", parsed("db vacuum", "table", "orders", "full", true).line());
        assertEquals("help", parsed("help").line());
        CommandInput.Parsed pattern = parsed("cache clear", "pattern", "session:* \"x\"");
        assertEquals("cache clear pattern=\"session:* \\\"x\\\"\"", pattern.line());
        assertEquals(List.of("cache", "clear", "pattern=session:* \"x\""), Tokenizer.split(pattern.line()));
        assertNotEquals("a b", Tokenizer.quote("a b"));
        assertEquals("db status", new CommandInput.Text("db status").line());
    }
}
