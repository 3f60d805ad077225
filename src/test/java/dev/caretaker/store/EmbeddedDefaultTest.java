package dev.caretaker.store;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.reply.PlainText;
import dev.caretaker.security.Caller;
import dev.caretaker.support.KilledCaretaker;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With no datasource configured, Caretaker runs its own PostgreSQL whose data survives restarts. */
class EmbeddedDefaultTest {

    @TempDir
    Path tmp;

    private ApplicationContext start(Path dataDir) {
        return ApplicationContext.builder().deduceEnvironment(false).properties(Map.of(
                "caretaker.embedded-postgres.data-dir", dataDir.toString(),
                "caretaker.commands-dir", tmp.resolve("none").toString())).start();
    }

    private static void whoami(ApplicationContext ctx) {
        ctx.getBean(Dispatcher.class).dispatch(new CommandRequest(Caller.console("alice"), ChannelAddress.CONSOLE,
                "whoami", null));
    }

    private static long auditRows(ApplicationContext ctx) {
        return ctx.getBean(AuditLog.class).search(new AuditQuery("alice", null, Instant.EPOCH, 100)).size();
    }

    @Test
    void auditHistorySurvivesARestart() {
        Path data = tmp.resolve("postgres");
        try (ApplicationContext first = start(data)) {
            whoami(first);
            assertEquals(1, auditRows(first));
        }
        try (ApplicationContext second = start(data)) {
            whoami(second);
            assertEquals(2, auditRows(second));
        }
    }

    @Test
    void dbStatusReportsTheBundledPostgresMajor() {
        try (ApplicationContext ctx = start(tmp.resolve("postgres"))) {
            String status = PlainText.render(ctx.getBean(Dispatcher.class).dispatch(new CommandRequest(
                    Caller.console("alice"), ChannelAddress.CONSOLE, "db status", null)).reply());
            assertTrue(status.startsWith("[ok] PostgreSQL `caretaker`: database postgres, version "
                    + EmbeddedPostgresLauncher.BUNDLED_MAJOR + "."), status);
        }
        assertEquals("17", readVersionFile(tmp.resolve("postgres")), "the major this Caretaker bundles");
    }

    @Test
    void aPostgresLeftBehindByAKilledCaretakerIsStoppedAndTheDataKept() throws Exception {
        Path data = tmp.resolve("postgres");
        try (ApplicationContext first = start(data)) {
            whoami(first);
        }
        // A JVM that starts the embedded PostgreSQL and dies without shutting down, as after kill -9.
        Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledCaretaker.class.getName(), data.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile()).start();
        assertEquals(9, killed.waitFor(), () -> readLog(tmp.resolve("killed.log")));
        long orphanPid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        ProcessHandle orphan = ProcessHandle.of(orphanPid).orElseThrow();
        assertTrue(orphan.isAlive(), "the postmaster outlived its JVM");
        try (ApplicationContext second = start(data)) {
            whoami(second);
            assertEquals(2, auditRows(second));
            orphan.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(!orphan.isAlive(), "the left-behind postmaster was stopped");
        } finally {
            orphan.destroyForcibly();
        }
    }

    private static String readVersionFile(Path dataDir) {
        try {
            return Files.readString(dataDir.resolve("PG_VERSION")).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "no log";
        }
    }
}
