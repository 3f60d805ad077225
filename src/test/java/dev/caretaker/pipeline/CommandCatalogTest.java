package dev.caretaker.pipeline;

import dev.caretaker.command.ConfigProblem;
import dev.caretaker.support.CommandFiles;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Boot-time validation of the built-in catalogue and commands/*.yml: every problem with file and line. */
class CommandCatalogTest {

    @TempDir
    Path tmp;

    private List<String> problems(String... files) {
        Path dir = CommandFiles.dir(tmp, files);
        try (ApplicationContext ctx = TestContexts.start(Map.of("caretaker.commands-dir", dir.toString()))) {
            ctx.getBean(CommandCatalog.class);
            return List.of();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ConfigurationProblems p) {
                    return p.problems().stream().map(ConfigProblem::toString).toList();
                }
            }
            throw e;
        }
    }

    @Test
    void duplicateNameNamesBothFilesAndLines() {
        List<String> p = problems(
                "a.yml", "commands:\n  - name: disk usage\n    kind: exec\n    argv: [df]\n",
                "b.yml", "# second\ncommands:\n  - name: other\n    kind: exec\n    argv: [df]\n"
                        + "  - name: disk usage\n    kind: exec\n    argv: [du]\n");
        assertEquals(List.of("commands/b.yml:6: duplicate command `disk usage`: also declared at commands/a.yml:2; "
                + "rename one of them"), p);
    }

    @Test
    void aUserCommandMayNotShadowABuiltIn() {
        List<String> p = problems("a.yml", "commands:\n  - name: status\n    kind: exec\n    argv: [uptime]\n");
        assertEquals(List.of("commands/a.yml:2: duplicate command `status`: also declared at "
                + "caretaker/commands/core.yml:20; rename one of them"), p);
    }

    @Test
    void unknownRoleBadTypeAndMissingTemplateArgAreEachReportedWithTheirLine() {
        List<String> p = problems("x.yml", """
                commands:
                  - name: db dump
                    role: opertor
                    kind: exec
                    argv: [pg_dump, "{database}"]
                  - name: cache flush
                    kind: exec
                    argv: [redis-cli, "{pattern}"]
                    args:
                      - name: pattern
                        type: regex
                """);
        assertTrue(p.contains("commands/x.yml:5: `db dump` uses `{database}`, which is not one of its arguments "
                + "(it declares none); declare it under `args:` or fix the placeholder"), p.toString());
        assertTrue(p.contains("commands/x.yml:11: argument `pattern` of `cache flush` has unknown type `regex`; use "
                + "string, text, int, duration, enum, pattern, target or bool"), p.toString());
        assertEquals(3, p.size(), p.toString());
        assertTrue(p.contains("commands/x.yml:3: `db dump` needs role `opertor`, which is not configured; use one of "
                + "admin, operator, viewer or add it under caretaker.roles"), p.toString());
    }

    @Test
    void invalidYamlIsReportedWithItsLine() {
        assertEquals(List.of("commands/bad.yml:3: is not valid YAML (expected <block end>, but found '<block sequence start>'); "
                + "check the indentation and quotes on that line"),
                problems("bad.yml", "commands:\n  - name: x\n - name: y\n"));
    }

    @Test
    void aFileThatIsNotUtf8TextSaysSoInsteadOfADecoderMessage() throws Exception {
        Path dir = CommandFiles.dir(tmp.resolve("latin1"), "ok.yml", "commands: []\n");
        java.nio.file.Files.write(dir.resolve("latin1.yml"),
                "commands:\n  - name: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        try (ApplicationContext ctx = TestContexts.start(Map.of("caretaker.commands-dir", dir.toString()))) {
            RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> ctx.getBean(CommandCatalog.class));
            assertTrue(String.valueOf(rootOrProblems(e)).contains(dir.getFileName() + "/latin1.yml: is not UTF-8 text; "
                    + "save it as UTF-8"), String.valueOf(rootOrProblems(e)));
        }
    }

    private static String rootOrProblems(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationProblems p) {
                return p.getMessage();
            }
        }
        return e.toString();
    }

    @Test
    void unknownKindsAreReported() {
        assertEquals(List.of("commands/k.yml:2: `pod restart` has kind `kubectl`; use one of dependency-audit, exec, "
                + "http, logs, runbook, sql"),
                problems("k.yml", "commands:\n  - name: pod restart\n    kind: kubectl\n"));
    }

    @Test
    void execAndHttpSettingsAreCheckedAtBoot() {
        List<String> p = problems("e.yml", """
                commands:
                  - name: svc ping
                    kind: http
                    url: ftp://example
                  - name: svc shell
                    kind: exec
                    argv: "rm -rf /"
                """);
        assertTrue(p.contains("commands/e.yml:2: `svc ping`: `url` must be an http:// or https:// address"), p.toString());
        assertTrue(p.contains("commands/e.yml:5: `svc shell`: `argv` must be a list of strings, the program first, "
                + "e.g. [df, -h, \"{path}\"]"), p.toString());
    }

    @Test
    void theShippedExamplesAreValid() {
        Path examples = Path.of("commands").toAbsolutePath();
        try (ApplicationContext ctx = TestContexts.start(Map.of("caretaker.commands-dir", examples.toString()))) {
            var registry = ctx.getBean(CommandCatalog.class).registry();
            assertTrue(registry.find("disk usage").isPresent());
            assertTrue(registry.find("app health").isPresent());
        }
    }

    @Test
    void aTypoInTheDefaultRolesFailsTheBootInsteadOfLockingEveryoneOut() {
        try (ApplicationContext ctx = TestContexts.start(Map.of("caretaker.default-roles", "veiwer"))) {
            ctx.getBean(CommandCatalog.class);
            org.junit.jupiter.api.Assertions.fail("the boot must fail");
        } catch (RuntimeException e) {
            Throwable t = e;
            while (t != null && !(t instanceof ConfigurationProblems)) {
                t = t.getCause();
            }
            assertTrue(t != null && t.getMessage().contains("caretaker.default-roles: names role `veiwer`"),
                    String.valueOf(t == null ? e : t.getMessage()));
        }
    }
}
