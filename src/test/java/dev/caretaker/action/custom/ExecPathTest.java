package dev.caretaker.action.custom;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.PlainText;
import dev.caretaker.support.CommandFiles;
import dev.caretaker.support.FakePrograms;
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code caretaker.exec.path} decides which program a declared command runs: tests put fakes first on it. */
class ExecPathTest {

    private static final String COMMANDS = """
            commands:
              - name: pods list
                role: viewer
                kind: exec
                argv: [kubectl, get, pods, -n, "{namespace}"]
                args: [{name: namespace, type: pattern, pattern: "[a-z0-9-]{1,63}", default: default}]
              - name: tool missing
                role: viewer
                kind: exec
                argv: [no-such-tool-anywhere]
            """;

    @TempDir
    static Path tmp;

    private static FakePrograms fakes;
    private static ApplicationContext ctx;

    @BeforeAll
    static void start() {
        fakes = new FakePrograms(tmp.resolve("bin")).add("kubectl", "NAME READY\nweb-1 1/1\n", 0);
        ctx = TestContexts.start(Map.of("caretaker.commands-dir", CommandFiles.dir(tmp, "k.yml", COMMANDS).toString(),
                "caretaker.exec.path", fakes.path()));
    }

    @AfterAll
    static void stop() {
        ctx.close();
    }

    private static Outcome run(String line) {
        return ctx.getBean(Dispatcher.class).dispatch(new CommandRequest(People.VIEWER, ChannelAddress.CONSOLE, line, null));
    }

    @Test
    void aProgramIsLookedUpOnTheConfiguredPathAndRunsWithIt() {
        Outcome o = run("pods list shop");
        assertInstanceOf(Outcome.Completed.class, o, PlainText.render(o.reply()));
        assertEquals(List.of(List.of("get", "pods", "-n", "shop")), fakes.calls("kubectl"));
        assertTrue(PlainText.render(o.reply()).contains("web-1 1/1"), PlainText.render(o.reply()));
        assertEquals(fakes.path(), ctx.getBean(Programs.class).path());
    }

    @Test
    void aProgramNotOnThePathIsOneSentence() {
        Outcome o = run("tool missing");
        assertInstanceOf(Outcome.Failed.class, o);
        assertEquals("`no-such-tool-anywhere` could not be started; check that it is installed and on the PATH of "
                + "the bot.\n", PlainText.render(o.reply()));
    }
}
