package dev.caretaker.action.custom.logs;

import dev.caretaker.chat.discord.EmbedRenderer;
import dev.caretaker.chat.discord.RenderedMessage;
import dev.caretaker.chat.slack.BlockKitRenderer;
import dev.caretaker.chat.slack.SlackMessage;
import dev.caretaker.command.ConfigProblem;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandCatalog;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.ConfigurationProblems;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.PlainText;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.AuditQuery;
import dev.caretaker.store.AuditRecord;
import dev.caretaker.support.CommandFiles;
import dev.caretaker.support.FakePrograms;
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A logs command declared in commands/*.yml, through the whole pipeline: checked at boot, audited, attached when long. */
class LogsCommandTest {

    private static final String COMMANDS = """
            commands:
              - name: logs
                summary: The newest lines of a service's log
                role: viewer
                kind: logs
                timeout: 20s
                args:
                  - {name: service, type: enum, choices: [web], required: true}
                  - {name: lines, type: int, default: "100", min: 1, max: 1000}
                  - {name: grep, type: string}
                  - {name: since, type: duration, default: 15m}
                sources:
                  web: {type: kubernetes, deployment: web, namespace: shop}
            """;

    @TempDir
    static Path tmp;
    static FakePrograms fakes;
    static ApplicationContext ctx;

    @BeforeAll
    static void start() {
        String lines = IntStream.rangeClosed(1, 400).mapToObj(i -> "GET /orders/" + i + " 200 token=abc" + i)
                .collect(Collectors.joining("\n", "", "\n"));
        fakes = new FakePrograms(tmp.resolve("bin")).add("kubectl", lines, 0).add("id", "", 0);
        ctx = TestContexts.start(Map.of("caretaker.commands-dir", CommandFiles.dir(tmp, "logs.yml", COMMANDS).toString(),
                "caretaker.exec.path", fakes.path()));
    }

    @AfterAll
    static void stop() {
        ctx.close();
    }

    private static Outcome run(String line) {
        return ctx.getBean(Dispatcher.class).dispatch(new CommandRequest(People.VIEWER, ChannelAddress.parse("slack:COPS")
                .orElseThrow(), line, null));
    }

    @Test
    void aViewerReadsLogsThroughThePipelineAndTheAuditHasIt() {
        fakes.clear();
        Outcome o = run("logs web lines=3 grep=$(id)");
        assertInstanceOf(Outcome.Completed.class, o, PlainText.render(o.reply()));
        assertEquals("logs web: 0 lines matching $(id)", o.reply().header());
        assertEquals(List.of(List.of("logs", "deployment/web", "--namespace=shop", "--all-containers=true",
                "--tail=10000", "--since=900s")), fakes.calls("kubectl"));
        assertEquals(List.of(), fakes.calls("id"));
        List<AuditRecord> rows = ctx.getBean(AuditLog.class).search(new AuditQuery(null, null, Instant.EPOCH, 50))
                .stream().filter(r -> r.commandLine().equals("logs web lines=3 grep=$(id)")).toList();
        assertEquals(1, rows.size());
        assertEquals("ok", rows.getFirst().outcome());
    }

    @Test
    void aLongAnswerIsAttachedAsAFileOnSlackAndDiscordWithEveryLineMasked() {
        Outcome o = run("logs web lines=400");
        assertInstanceOf(Outcome.Completed.class, o);
        SlackMessage slack = new BlockKitRenderer().render(o.reply());
        assertTrue(slack.hasFiles(), "400 lines do not fit a Slack message");
        String file = new String(slack.files().getFirst().content(), StandardCharsets.UTF_8);
        assertTrue(file.contains("GET /orders/1 200 token=****") && file.contains("GET /orders/400 200 token=****"),
                file.substring(0, 200));
        assertFalse(file.contains("abc"), "masked in the file too");
        RenderedMessage discord = new EmbedRenderer().render(o.reply());
        assertEquals(EmbedRenderer.FULL_REPLY_FILE, discord.files().getFirst().fileName());
        assertTrue(new String(discord.files().getFirst().data(), StandardCharsets.UTF_8).contains("GET /orders/400"));
    }

    @Test
    void aBrokenDeclarationStopsTheBootWithFileAndLine(@TempDir Path other) {
        Path dir = CommandFiles.dir(other, "bad.yml", """
                commands:
                  - name: logs
                    kind: logs
                    args:
                      - {name: service, type: enum, choices: [web, api], required: true}
                      - {name: tail, type: int}
                    sources:
                      web: {type: k8s, deployment: web}
                      db: {type: kubernetes, deployment: web, pod: x}
                      rm: {type: kubernetes, deployment: "-rf"}
                      app: {type: file, path: var/log/app.log}
                      box: {type: docker, container: "--privileged"}
                    max-lines: 0
                """);
        List<String> problems;
        try (ApplicationContext bad = TestContexts.start(Map.of("caretaker.commands-dir", dir.toString()))) {
            bad.getBean(CommandCatalog.class);
            throw new AssertionError("the boot must fail");
        } catch (RuntimeException e) {
            Throwable t = e;
            while (t != null && !(t instanceof ConfigurationProblems)) {
                t = t.getCause();
            }
            if (t == null) {
                throw e;
            }
            problems = ((ConfigurationProblems) t).problems().stream().map(ConfigProblem::toString).toList();
        }
        String at = "commands/bad.yml:2: `logs`: ";
        assertEquals(List.of(
                at + "source `web` has type `k8s`; use kubernetes, docker, journald or file",
                at + "kubernetes source `db` needs exactly one of `deployment`, `pod` or `selector`",
                at + "`deployment` of source `rm` is not a valid name (`-rf`); it must start with a letter or digit",
                at + "file source `app` needs a `path` that starts with /, e.g. /var/log/app/app.log",
                at + "`container` of source `box` is not a valid name (`--privileged`); it must start with a letter or digit",
                at + "`max-lines` must be a whole number from 1 to 10000",
                at + "`service` offers `api`, which has no source under `sources`",
                at + "logs commands take the arguments service, lines, grep and since; `tail` is not one of them"),
                problems);
    }
}
