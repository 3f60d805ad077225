package dev.caretaker.command;

import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * docs/commands.md is the registry rendered; when a command changes, regenerate it with
 * {@code mvn -B test -Dtest=CommandReferenceTest -Dupdate-docs=true}.
 */
class CommandReferenceTest {

    private static final Path DOC = Path.of("docs/commands.md");

    @Test
    void docsMatchTheRegistry() throws Exception {
        try (ApplicationContext ctx = TestContexts.start(Map.of("caretaker.commands-dir", "commands"))) {
            String rendered = CommandReference.markdown(ctx.getBean(CommandRegistry.class));
            if (Boolean.getBoolean("update-docs")) {
                Files.writeString(DOC, rendered, StandardCharsets.UTF_8);
            }
            String current = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
            assertEquals(rendered, current, "docs/commands.md is out of date; regenerate it with "
                    + "mvn -B test -Dtest=CommandReferenceTest -Dupdate-docs=true");
        }
    }
}
