package dev.caretaker.action.custom;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.PlainText;
import dev.caretaker.reply.Severity;
import dev.caretaker.security.Caller;
import dev.caretaker.support.FakePrograms;
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ready-made recipes in commands/ as shipped (only the project directory /srv/app moved to a temporary one), run
 * through the pipeline against fake kubectl, docker, certbot, npm and pip-audit on the test PATH: the exact argv each
 * runs, who may run it, and that a typed value can never become an option or a second command.
 */
class RecipesTest {

    private static final ChannelAddress OPS = ChannelAddress.parse("slack:COPS").orElseThrow();
    private static final String NPM_AUDIT = """
            {"auditReportVersion": 2,
             "vulnerabilities": {
               "minimist": {"name": "minimist", "severity": "critical", "isDirect": false, "fixAvailable": true},
               "lodash": {"name": "lodash", "severity": "high", "isDirect": true, "fixAvailable": true},
               "semver": {"name": "semver", "severity": "moderate", "isDirect": false, "fixAvailable": false}},
             "metadata": {"vulnerabilities": {"info": 0, "low": 0, "moderate": 1, "high": 1, "critical": 1, "total": 3},
                          "dependencies": {"prod": 120, "dev": 30, "total": 150}}}
            """;
    private static final String PIP_AUDIT = """
            {"dependencies": [
               {"name": "jinja2", "version": "2.10", "vulns": [
                  {"id": "PYSEC-2019-217", "fix_versions": ["2.10.1"], "aliases": ["CVE-2019-10906"]}]},
               {"name": "requests", "version": "2.31.0", "vulns": []}],
             "fixes": []}
            """;

    @TempDir
    static Path tmp;
    static Path project;
    static FakePrograms fakes;
    static ApplicationContext ctx;

    @BeforeAll
    static void start() throws IOException {
        project = Files.createDirectories(tmp.resolve("srv-app"));
        Path commands = Files.createDirectories(tmp.resolve("commands"));
        try (Stream<Path> files = Files.list(Path.of("commands"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
                Files.writeString(commands.resolve(f.getFileName()), Files.readString(f, StandardCharsets.UTF_8)
                        .replace("/srv/app", project.toString()), StandardCharsets.UTF_8);
            }
        }
        fakes = new FakePrograms(tmp.resolve("bin"));
        ctx = TestContexts.start(Map.of("caretaker.commands-dir", commands.toString(),
                "caretaker.exec.path", fakes.dir() + ":/usr/bin:/bin"));
    }

    @AfterAll
    static void stop() {
        ctx.close();
    }

    @BeforeEach
    void programs() {
        fakes.clear();
        fakes.add("kubectl", "deployment.apps/web restarted\n", 0).add("docker", "NAME STATUS\nweb running\n", 0)
                .add("certbot", "Congratulations, all simulated renewals succeeded\n", 0);
    }

    private static Outcome run(Caller who, String line) {
        return ctx.getBean(Dispatcher.class).dispatch(new CommandRequest(who, OPS, line, null));
    }

    /** As if the requester had pressed Confirm ({@code run --yes} does the same). */
    private static Outcome confirmed(Caller who, String line) {
        return ctx.getBean(Dispatcher.class).dispatch(new CommandRequest(who, OPS, line, null, null, true));
    }

    // ---- Kubernetes ---------------------------------------------------------------------------------------------------

    @Test
    void kubernetesRecipesRunKubectlWithTheirFixedArgv() {
        assertInstanceOf(Outcome.Completed.class, confirmed(People.OPERATOR, "k8s restart web namespace=shop"));
        assertInstanceOf(Outcome.Completed.class, confirmed(People.OPERATOR, "k8s scale worker 4"));
        assertInstanceOf(Outcome.Completed.class, confirmed(People.OPERATOR, "k8s rollback api namespace=shop"));
        assertInstanceOf(Outcome.Completed.class, run(People.VIEWER, "k8s status api"));
        assertInstanceOf(Outcome.Completed.class, run(People.VIEWER, "k8s history api"));
        assertEquals(List.of(
                List.of("rollout", "restart", "deployment/web", "--namespace=shop"),
                List.of("scale", "deployment/worker", "--replicas=4", "--namespace=default"),
                List.of("rollout", "undo", "deployment/api", "--namespace=shop"),
                List.of("rollout", "status", "deployment/api", "--namespace=default", "--timeout=60s"),
                List.of("rollout", "history", "deployment/api", "--namespace=default")), fakes.calls("kubectl"));
    }

    @Test
    void changesNeedAnOperatorAndAConfirmationReadingNeedsAViewer() {
        Outcome denied = run(People.VIEWER, "k8s restart web");
        assertInstanceOf(Outcome.Denied.class, denied);
        assertTrue(PlainText.render(denied.reply()).startsWith("You need the operator role to run `k8s restart`."));
        Outcome pending = run(People.OPERATOR, "k8s rollback web");
        assertInstanceOf(Outcome.Pending.class, pending);
        assertEquals(List.of(), fakes.calls("kubectl"), "nothing runs before the Confirm");
        for (String line : List.of("compose restart web", "compose up web", "cert renew-dry-run")) {
            assertInstanceOf(Outcome.Denied.class, run(People.VIEWER, line), line);
        }
        assertEquals(List.of(), fakes.calls("docker"));
        assertEquals(List.of(), fakes.calls("certbot"));
    }

    @Test
    void aValueCanNeitherBecomeAnOptionNorASecondCommand() {
        for (String line : List.of("k8s restart --all", "k8s restart \"web; rm -rf /\"", "k8s restart $(id)",
                "k8s scale web 500", "k8s scale web -1", "k8s restart web namespace=--all-namespaces",
                "compose restart \"web && docker system prune -af\"", "compose up -d")) {
            Outcome o = confirmed(People.ADMIN, line);
            assertInstanceOf(Outcome.Rejected.class, o, line + " -> " + PlainText.render(o.reply()));
        }
        assertEquals(List.of(), fakes.calls("kubectl"));
        assertEquals(List.of(), fakes.calls("docker"));
    }

    // ---- Docker Compose -----------------------------------------------------------------------------------------------

    @Test
    void composeRecipesRunDockerComposeWithTheirFixedArgv() {
        String file = project + "/compose.yml";
        Outcome ps = run(People.VIEWER, "compose ps");
        assertTrue(PlainText.render(ps.reply()).contains("web running"));
        assertInstanceOf(Outcome.Completed.class, confirmed(People.OPERATOR, "compose restart worker"));
        // the update is two argv steps in this order, never one shell line with &&
        assertInstanceOf(Outcome.Completed.class, run(People.OPERATOR, "compose pull web"));
        assertInstanceOf(Outcome.Completed.class, confirmed(People.OPERATOR, "compose up web"));
        assertEquals(List.of(
                List.of("compose", "--file", file, "ps", "--all"),
                List.of("compose", "--file", file, "restart", "worker"),
                List.of("compose", "--file", file, "pull", "web"),
                List.of("compose", "--file", file, "up", "--detach", "--wait", "web")), fakes.calls("docker"));
    }

    // ---- certificates ---------------------------------------------------------------------------------------------

    @Test
    void certRenewIsADryRunAlways() {
        Outcome o = run(People.OPERATOR, "cert renew-dry-run");
        assertInstanceOf(Outcome.Completed.class, o);
        assertEquals(List.of(List.of("renew", "--dry-run", "--non-interactive")), fakes.calls("certbot"));
        assertTrue(PlainText.render(o.reply()).contains("all simulated renewals succeeded"));
    }

    // ---- security audit -------------------------------------------------------------------------------------------

    @Test
    void securityAuditSummarisesNpmAndPipAuditJsonBySeverity() throws IOException {
        Path cwd = tmp.resolve("npm-cwd.txt");
        Files.writeString(fakes.dir().resolve("npm.json"), NPM_AUDIT);
        Files.writeString(fakes.dir().resolve("pip.json"), PIP_AUDIT);
        // npm exits 1 when it finds something, and warns on stderr: neither may spoil the JSON
        fakes.script("npm", "pwd > '" + cwd + "'\necho 'npm WARN old lockfile' >&2\ncat '" + fakes.dir().resolve("npm.json")
                + "'\nexit 1\n");
        fakes.script("pip-audit", "echo \"$@\" > '" + tmp.resolve("pip-args.txt") + "'\necho 'Found 1 known vulnerability' >&2\n"
                + "cat '" + fakes.dir().resolve("pip.json") + "'\nexit 1\n");
        Outcome o = run(People.VIEWER, "security audit");
        assertInstanceOf(Outcome.Completed.class, o, PlainText.render(o.reply()));
        assertEquals(project.toString(), Files.readString(cwd).strip(), "npm audit runs in the project directory");
        assertEquals("--format=json --progress-spinner=off --requirement=requirements.txt",
                Files.readString(tmp.resolve("pip-args.txt")).strip());
        assertEquals("Security audit: 4 vulnerabilities (1 critical, 1 high)", o.reply().header());
        assertEquals(Severity.CRITICAL, o.reply().severity());
        Block.Table table = (Block.Table) o.reply().blocks().stream().filter(Block.Table.class::isInstance).findFirst()
                .orElseThrow();
        assertEquals(List.of("Tool", "Critical", "High", "Moderate", "Low", "Info", "Unrated", "Total"), table.columns());
        assertEquals(List.of(List.of("npm audit", "1", "1", "1", "0", "0", "0", "3"),
                List.of("pip-audit", "0", "0", "0", "0", "0", "1", "1")), table.rows());
        String text = PlainText.render(o.reply());
        assertTrue(text.contains("minimist (critical)\nlodash (high)\nsemver (moderate)\njinja2 2.10: PYSEC-2019-217 "
                + "(fixed in 2.10.1)"), text);
        assertEquals("pip-audit rates no severity: its findings are counted as unrated.", o.reply().footer());
    }

    @Test
    void securityAuditSaysWhenNpmCannotCheckAndWhenPipAuditIsMissing() throws IOException {
        Files.deleteIfExists(fakes.dir().resolve("pip-audit"));
        fakes.add("npm", "{\"error\": {\"code\": \"ENOLOCK\", \"summary\": \"This command requires an existing "
                + "lockfile.\"}}\n", 1);
        Outcome failed = run(People.VIEWER, "security audit");
        assertInstanceOf(Outcome.Failed.class, failed);
        assertEquals("npm audit could not check the dependencies: This command requires an existing lockfile.\n",
                PlainText.render(failed.reply()));
        fakes.add("npm", "{\"auditReportVersion\": 2, \"vulnerabilities\": {}, \"metadata\": {\"vulnerabilities\": "
                + "{\"info\": 0, \"low\": 0, \"moderate\": 0, \"high\": 0, \"critical\": 0, \"total\": 0}}}\n", 0);
        Outcome clean = run(People.VIEWER, "security audit");
        assertInstanceOf(Outcome.Completed.class, clean);
        assertEquals("Security audit: no known vulnerabilities", clean.reply().header());
        assertEquals(Severity.OK, clean.reply().severity());
        assertEquals("pip-audit is not on the bot's PATH, so Python dependencies were not checked.",
                clean.reply().footer());
        fakes.add("npm", "npm ERR! something went wrong\n", 1);
        assertEquals("npm audit did not answer with JSON (exit 1); run it on the host to see why.\n",
                PlainText.render(run(People.VIEWER, "security audit").reply()));
    }
}
