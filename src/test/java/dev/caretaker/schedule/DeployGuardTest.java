package dev.caretaker.schedule;

import com.sun.net.httpserver.HttpServer;
import dev.caretaker.action.Progress;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Decision;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.PlainText;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.AuditQuery;
import dev.caretaker.store.AuditRecord;
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped commands/deploy.yml against a fake kubectl (a script on caretaker.exec.path that writes down its argv)
 * and a fake Prometheus and health endpoint on loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployGuardTest {

    private static final ChannelAddress OPS = ChannelAddress.CONSOLE;

    @TempDir
    static Path temp;

    private HttpServer fake;
    private final AtomicReference<String> errorRate = new AtomicReference<>("0.002");
    private Path kubectlLog;
    private ApplicationContext context;
    private Dispatcher dispatcher;

    @BeforeAll
    void start() throws IOException {
        fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.createContext("/api/v1/query", exchange -> answer(exchange, 200, """
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{"service":"api"},
                "value":[1741593600,"%s"]}]}}""".formatted(errorRate.get())));
        fake.createContext("/health", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
        fake.start();
        String base = "http://127.0.0.1:" + fake.getAddress().getPort();

        Path bin = Files.createDirectories(temp.resolve("bin"));
        kubectlLog = temp.resolve("kubectl.log");
        Path kubectl = bin.resolve("kubectl");
        Files.writeString(kubectl, """
                #!/bin/sh
                echo "$*" >> '%s'
                if [ "$1 $2" = "rollout status" ]; then echo "deployment \\"api\\" successfully rolled out"; fi
                exit 0
                """.formatted(kubectlLog));
        Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));

        Path commands = Files.createDirectories(temp.resolve("commands"));
        Files.copy(Path.of("commands/deploy.yml"), commands.resolve("deploy.yml"));

        Map<String, Object> p = new java.util.HashMap<>();
        p.put("caretaker.commands-dir", commands.toString());
        p.put("caretaker.exec.path", bin + ":/usr/bin:/bin");
        p.put("caretaker.probes.enabled", "false");
        p.put("caretaker.digest.scheduler.enabled", "false");
        p.put("caretaker.schedule.scheduler.enabled", "false");
        p.put("caretaker.targets.web.type", "http");
        p.put("caretaker.targets.web.url", base + "/health");
        p.put("caretaker.targets.error-rate.type", "prometheus");
        p.put("caretaker.targets.error-rate.url", base);
        p.put("caretaker.targets.error-rate.query", "sum(rate(http_requests_total{status=~\"5..\"}[5m])) / "
                + "sum(rate(http_requests_total[5m]))");
        p.put("caretaker.targets.error-rate.warn", "0.01");
        // what the deploy backs up first: a files target, archived to a local directory (no pg_dump needed)
        Path app = Files.createDirectories(temp.resolve("app"));
        Files.writeString(app.resolve("settings.ini"), "color = blue\n");
        p.put("caretaker.targets.app-files.type", "files");
        p.put("caretaker.targets.app-files.paths", app.toString());
        p.put("caretaker.backups.storages.local.type", "local");
        p.put("caretaker.backups.storages.local.path", temp.resolve("backups").toString());
        p.put("caretaker.targets.error-rate.critical", "0.05");
        context = TestContexts.start(p);
        dispatcher = context.getBean(Dispatcher.class);
    }

    @AfterAll
    void stop() {
        context.close();
        fake.stop(0);
    }

    @BeforeEach
    void reset() throws IOException {
        Files.deleteIfExists(kubectlLog);
        errorRate.set("0.002");
    }

    /** Asks for the deploy, confirms it as a person would, and answers what came of it. */
    private Outcome deploy(String line) {
        Outcome asked = dispatcher.dispatch(new CommandRequest(People.OPERATOR, OPS, line, null));
        Outcome.Pending pending = assertInstanceOf(Outcome.Pending.class, asked, "the deploy asks to confirm, once");
        return dispatcher.decide(pending.token(), Decision.CONFIRM, People.OPERATOR, Progress.NONE);
    }

    private List<String> kubectl() throws IOException {
        return Files.exists(kubectlLog) ? Files.readAllLines(kubectlLog) : List.of();
    }

    @Test
    void healthyRolloutIsDoneAndItsRollBackButtonWorksOnce() throws IOException {
        Outcome o = deploy("deploy api 1.4.2 watch=2s backup=app-files");
        String text = PlainText.render(o.reply());
        assertInstanceOf(Outcome.Completed.class, o, text);
        assertTrue(text.contains("Runbook deploy: done"), text);
        assertTrue(text.contains("✓ 1. backup now app-files"), text);
        assertTrue(text.contains("✓ 2. roll out api 1.4.2"), text);
        assertTrue(text.contains("✓ 4. watch probe run web, probe run error-rate for 2s — passed 2 rounds"), text);
        assertEquals(List.of("set image deployment/api api=registry.example.internal/api:1.4.2",
                "rollout status deployment/api --timeout=60s"), kubectl());

        Button rollBack = o.reply().buttons().stream().filter(b -> b.label().equals("Roll back")).findFirst().orElseThrow();
        Outcome viewer = dispatcher.click(rollBack.actionId(), rollBack.value(), People.VIEWER, Progress.NONE);
        assertInstanceOf(Outcome.Denied.class, viewer, "a viewer's click does not use the button up");
        Outcome first = dispatcher.click(rollBack.actionId(), rollBack.value(), People.OPERATOR2, Progress.NONE);
        String rolled = PlainText.render(first.reply());
        assertInstanceOf(Outcome.Completed.class, first, rolled);
        assertTrue(rolled.contains("<@U_OPERATOR2> clicked Roll back: `release undo api` succeeded."), rolled);
        assertTrue(rolled.contains("✓ 2. roll out api 1.4.2"), "the message still lists the steps: " + rolled);
        Outcome second = dispatcher.click(rollBack.actionId(), rollBack.value(), People.ADMIN, Progress.NONE);
        assertInstanceOf(Outcome.Rejected.class, second);
        assertEquals(1, kubectl().stream().filter(l -> l.equals("rollout undo deployment/api")).count(), "once");
    }

    @Test
    void anErrorRateAboveTheThresholdRollsBackByItselfAndTheAuditShowsIt() throws IOException {
        errorRate.set("0.2");
        Outcome o = deploy("deploy api 1.4.3 watch=2s backup=app-files");
        String text = PlainText.render(o.reply());
        assertInstanceOf(Outcome.Failed.class, o, text);
        assertTrue(text.contains("Runbook deploy: stopped"), text);
        assertTrue(text.contains("✗ 4. watch probe run web, probe run error-rate for 2s — `probe run error-rate` failed: "
                + "prometheus on error-rate is critical"), text);
        assertTrue(text.contains("↳ on failure ran `release undo api`: ✓ done"), text);
        assertTrue(o.reply().buttons().isEmpty(), "rolled back already: no button");
        assertEquals(List.of("set image deployment/api api=registry.example.internal/api:1.4.3",
                "rollout status deployment/api --timeout=60s", "rollout undo deployment/api"), kubectl());

        List<AuditRecord> rows = context.getBean(AuditLog.class).search(new AuditQuery(null, null, Instant.EPOCH, 500));
        AuditRecord run = rows.stream().filter(r -> r.command().equals("deploy") && "failed".equals(r.outcome()))
                .findFirst().orElseThrow();
        List<String> steps = rows.stream().filter(r -> r.requestId().equals(run.requestId()) && r.id() != run.id())
                .sorted(Comparator.comparing(AuditRecord::id)).map(r -> r.commandLine() + ": " + r.outcome()).toList();
        assertEquals(List.of("backup now app-files: ok", "release image api 1.4.3: ok", "release status api: ok", "probe run web: ok",
                "probe run error-rate: failed", "release undo api: ok"), steps,
                "every step and the automatic rollback, under the deploy's request id");
    }

    @Test
    void aFailedBackupStopsTheDeployBeforeAnythingIsRolledOut() throws IOException {
        Outcome o = deploy("deploy api 1.4.4 watch=2s backup=no-such-target");
        String text = PlainText.render(o.reply());
        assertInstanceOf(Outcome.Failed.class, o, text);
        assertTrue(text.contains("✗ 1. backup now no-such-target"), text);
        assertTrue(text.contains("– 2. roll out api 1.4.4 (skipped)"), text);
        assertEquals(List.of(), kubectl(), "kubectl never ran");
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
