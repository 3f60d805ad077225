package dev.caretaker.chat.console;

import dev.caretaker.chat.Inbound;
import dev.caretaker.command.CommandRegistry;
import dev.caretaker.security.Caller;
import dev.caretaker.support.CommandFiles;
import dev.caretaker.support.RecordingAction;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console as a person types into it: the same commands as /ops, answers in plain text, history kept. */
class ConsoleReplTest {

    @TempDir
    Path tmp;

    private String type(ApplicationContext ctx, String input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        ConsoleSession session = new ConsoleSession(ctx.getBean(Inbound.class), Caller.console("alice"), print);
        new ConsoleRepl(session, ctx.getBean(CommandRegistry.class), tmp.resolve("history"))
                .run(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, false);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static ConsoleSession aliceWritingTo(ApplicationContext ctx, ByteArrayOutputStream out) {
        return new ConsoleSession(ctx.getBean(Inbound.class), Caller.console("alice"),
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpWhoamiStatusAndAuditAnswerInTheConsole() throws Exception {
        try (ApplicationContext ctx = TestContexts.start(Map.of())) {
            String out = type(ctx, "help\nwhoami\nstatus\naudit\nexit\n");
            assertTrue(out.contains("Caretaker console. Type `help` for commands, `exit` to leave."), out);
            assertTrue(out.contains("Caretaker commands"), out);
            assertTrue(out.contains("You are alice"), out);
            assertTrue(out.contains("Roles:    admin"), out);
            assertTrue(out.contains("database     ok     PostgreSQL"), out);
            assertTrue(out.contains("alice  whoami"), "audit lists what was typed before: " + out);
        }
    }

    @Test
    void confirmTokenTypedInTheConsoleRunsTheCommandOnce() throws Exception {
        Path commands = CommandFiles.dir(tmp, "test.yml", CommandFiles.PIPELINE);
        try (ApplicationContext ctx = TestContexts.start(Map.of("caretaker.commands-dir", commands.toString()))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ConsoleSession session = aliceWritingTo(ctx, out);
            session.handle("test confirm say=hi", false);
            Matcher m = Pattern.compile("Type `confirm ([a-z0-9]+)`").matcher(out.toString(StandardCharsets.UTF_8));
            assertTrue(m.find(), out.toString(StandardCharsets.UTF_8));
            assertEquals(0, ctx.getBean(RecordingAction.class).runs().size());
            session.handle("confirm " + m.group(1), false);
            session.handle("confirm " + m.group(1), false);
            assertEquals(1, ctx.getBean(RecordingAction.class).runs().size());
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("ran test confirm hi"), text);
            assertTrue(text.contains("That request is not waiting any more"), text);
        }
    }

    @Test
    void aDecisionWordWithoutItsTokenSaysSoAndRunsNothing() throws Exception {
        Path commands = CommandFiles.dir(tmp, "test.yml", CommandFiles.PIPELINE);
        try (ApplicationContext ctx = TestContexts.start(Map.of("caretaker.commands-dir", commands.toString()))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ConsoleSession session = aliceWritingTo(ctx, out);
            session.handle("test confirm say=hi", false);
            out.reset();
            Inbound.Answer o = session.handle("confirm", false);
            assertEquals(2, o.exitCode());
            assertEquals("`confirm` needs the token from the preview, like `confirm k3x9p2`; copy it from the line "
                    + "that asked.\n", out.toString(StandardCharsets.UTF_8));
            session.handle("  Approve  ", false);
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("`approve` needs the token"));
            assertEquals(0, ctx.getBean(RecordingAction.class).runs().size());
        }
    }
}
