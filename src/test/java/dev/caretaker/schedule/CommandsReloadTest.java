package dev.caretaker.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.command.CommandRegistry;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.fake.discord.FakeDiscord;
import dev.caretaker.pipeline.CommandCatalog;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.PlainText;
import dev.caretaker.security.Caller;
import dev.caretaker.support.CommandFiles;
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import dev.caretaker.support.TestRedis;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sun.misc.Signal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code commands reload} and SIGHUP: a broken set is refused whole, a good one reaches every replica without a restart. */
class CommandsReloadTest {

    private static final Caller ROOT = Caller.console("root");
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String BROKEN = """
            commands:
              - name: hello there
                role: viewer
                action: test.record
                timeout: soon
            """;
    private static final String GOOD = """
            commands:
              - name: hello there
                summary: a command added while Caretaker runs
                role: viewer
                action: test.record
            """;

    @TempDir
    Path temp;

    private Map<String, Object> properties(Path commands) {
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.commands-dir", commands.toString());
        p.put("caretaker.commands.reload-poll", "200ms");
        p.put("caretaker.commands.reload-on-sighup", "false");
        p.put("caretaker.probes.enabled", "false");
        p.put("caretaker.digest.scheduler.enabled", "false");
        return p;
    }

    private static Outcome send(ApplicationContext c, Caller who, String line) {
        return c.getBean(Dispatcher.class).dispatch(new CommandRequest(who, ChannelAddress.CONSOLE, line, null));
    }

    @Test
    void aBrokenFileIsRefusedWithFileAndLineAndAGoodOneAnswersOnBothReplicasWithoutARestart() throws Exception {
        Path commands = CommandFiles.dir(temp, "test.yml", CommandFiles.PIPELINE);
        try (TestRedis redis = new TestRedis()) {
            Map<String, Object> p = properties(commands);
            p.put("redis.uri", redis.uri());
            p.put("datasources.default.url", TestContexts.properties().get("datasources.default.url"));
            try (ApplicationContext a = TestContexts.start(p); ApplicationContext b = TestContexts.start(p)) {
                // both replicas read their commands as they start, as the application does
                a.getBean(CommandCatalog.class);
                b.getBean(CommandCatalog.class);
                assertInstanceOf(Outcome.Denied.class, send(a, People.OPERATOR, "commands reload"), "admins only");

                Files.writeString(commands.resolve("hello.yml"), BROKEN, StandardCharsets.UTF_8);
                Outcome refused = send(a, ROOT, "commands reload");
                String text = PlainText.render(refused.reply());
                assertInstanceOf(Outcome.Failed.class, refused, text);
                assertTrue(text.contains("commands/hello.yml:5: `timeout` must be a duration like 30s, 15m or 1h"), text);
                assertTrue(text.contains("the commands that were running still run"), text);
                for (ApplicationContext c : new ApplicationContext[] {a, b}) {
                    assertInstanceOf(Outcome.Completed.class, send(c, People.OPERATOR, "test run say=still"));
                    assertInstanceOf(Outcome.Rejected.class, send(c, People.VIEWER, "hello there"));
                }

                Files.writeString(commands.resolve("hello.yml"), GOOD, StandardCharsets.UTF_8);
                Outcome reloaded = send(a, ROOT, "commands reload");
                assertInstanceOf(Outcome.Completed.class, reloaded, PlainText.render(reloaded.reply()));
                assertTrue(PlainText.render(reloaded.reply()).contains("Added `hello there`."),
                        PlainText.render(reloaded.reply()));
                assertInstanceOf(Outcome.Completed.class, send(a, People.VIEWER, "hello there"));
                await(() -> b.getBean(CommandRegistry.class).find("hello there").isPresent(), "replica b reloads");
                assertInstanceOf(Outcome.Completed.class, send(b, People.VIEWER, "hello there"));
                assertInstanceOf(Outcome.Completed.class, send(b, People.OPERATOR, "test run say=still"));
            }
        }
    }

    @Test
    void aHangupReloadsTheCommands() throws Exception {
        Path commands = CommandFiles.dir(temp, "test.yml", CommandFiles.PIPELINE);
        Map<String, Object> p = properties(commands);
        p.put("caretaker.commands.reload-on-sighup", "true");
        try (ApplicationContext c = TestContexts.start(p)) {
            c.getBean(CommandCatalog.class);
            Files.writeString(commands.resolve("hello.yml"), GOOD, StandardCharsets.UTF_8);
            Signal.raise(new Signal("HUP"));
            await(() -> c.getBean(CommandRegistry.class).find("hello there").isPresent(), "SIGHUP reloads");
            assertInstanceOf(Outcome.Completed.class, send(c, People.VIEWER, "hello there"));
        }
    }

    @Test
    void discordGetsTheNewCommandTree() throws Exception {
        try (FakeDiscord discord = FakeDiscord.start()) {
            Map<String, Object> p = properties(CommandFiles.dir(temp, "test.yml", CommandFiles.PIPELINE));
            p.put("caretaker.discord.bot-token", "fake-bot-token");
            p.put("caretaker.discord.api-url", discord.apiUrl());
            p.put("caretaker.discord.gateway-url", discord.gatewayUrl());
            p.put("caretaker.discord.command-hash-file", temp.resolve("hash").toString());
            try (ApplicationContext c = TestContexts.start(p)) {
                discord.await("PUT", "/applications/\\d+/commands", WAIT);
                Files.writeString(temp.resolve("commands/hello.yml"), GOOD, StandardCharsets.UTF_8);
                assertInstanceOf(Outcome.Completed.class, send(c, ROOT, "commands reload"));
                await(() -> discord.requests("PUT", "/applications/\\d+/commands").size() == 2, "registered again");
                JsonNode tree = discord.commands(null).orElseThrow();
                assertTrue(tree.toString().contains("\"name\":\"hello\""), tree.toString());
                assertInstanceOf(Outcome.Completed.class, send(c, ROOT, "commands reload"), "nothing changed");
                Thread.sleep(500);   // time for a needless registration to show; the registrar compares hashes
                assertEquals(2, discord.requests("PUT", "/applications/\\d+/commands").size());
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + WAIT);
            }
            Thread.sleep(20);
        }
    }
}
