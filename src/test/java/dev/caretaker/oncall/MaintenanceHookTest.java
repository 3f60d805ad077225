package dev.caretaker.oncall;

import com.sun.net.httpserver.HttpServer;
import dev.caretaker.chat.ChatDouble;
import dev.caretaker.digest.MutableClock;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.AuditQuery;
import dev.caretaker.store.AuditRecord;
import dev.caretaker.support.CommandFiles;
import dev.caretaker.support.People;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The start and end hooks: command lines run through the pipeline as the configured identity, audited, answered under the banner. */
class MaintenanceHookTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path tmp;

    private static String pageCommands(int port) {
        return """
                commands:
                  - name: page on
                    summary: Switch the application's maintenance page on
                    role: operator
                    kind: http
                    method: POST
                    url: "http://127.0.0.1:%d/maintenance/on"
                  - name: page off
                    summary: Switch the application's maintenance page off
                    role: operator
                    kind: http
                    method: POST
                    url: "http://127.0.0.1:%d/maintenance/off"
                """.formatted(port, port);
    }

    @Test
    void theHooksSwitchTheMaintenancePageAsTheHookIdentityAndAreAudited() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.createContext("/maintenance", ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            byte[] ok = "{\"maintenance\":\"switched\"}".getBytes();
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        app.start();
        ChatDouble chat = new ChatDouble();
        Map<String, Object> p = OnCallContexts.properties("2025-10-20T10:00:00Z");
        p.put("caretaker.commands-dir", CommandFiles.dir(tmp, "page.yml", pageCommands(app.getAddress().getPort())).toString());
        p.put("caretaker.maintenance.hook.start", "page on");
        p.put("caretaker.maintenance.hook.end", "page off");
        p.put("caretaker.maintenance.hook.as", "slack:U_OPERATOR2");
        try (ApplicationContext context = OnCallContexts.start(p, chat)) {
            assertInstanceOf(Outcome.Completed.class, OnCallContexts.run(context, People.OPERATOR, "maint on 1h deploy"));
            assertTrue(chat.await(WAIT, sent -> sent.stream().anyMatch(s -> s.kind().equals("thread")
                    && ChatDouble.text(s.reply()).contains("The start hook `page on` ran"))), chat.sent().toString());
            assertEquals(List.of("POST /maintenance/on"), requests);

            context.getBean(MutableClock.class).advance(Duration.ofHours(1));
            assertEquals(1, context.getBean(MaintenanceService.class).runDue());
            assertTrue(chat.await(WAIT, sent -> sent.stream().anyMatch(s -> s.kind().equals("thread")
                    && ChatDouble.text(s.reply()).contains("The end hook `page off` ran"))), chat.sent().toString());
            assertEquals(List.of("POST /maintenance/on", "POST /maintenance/off"), requests);

            List<AuditRecord> audit = context.getBean(AuditLog.class).search(new AuditQuery(null, "page",
                    Instant.parse("2025-10-19T00:00:00Z"), 10));
            assertEquals(2, audit.size(), audit.toString());
            assertTrue(audit.stream().allMatch(r -> r.userId().equals("U_OPERATOR2")
                    && r.userName().equals(MaintenanceConfig.HOOK_USER)), audit.toString());
        } finally {
            app.stop(0);
        }
    }

    @Test
    void aHookThatIsNoCommandStopsTheStartWithOneSentenceNamingTheKey() {
        Map<String, Object> p = OnCallContexts.properties("2025-10-20T10:00:00Z");
        p.put("caretaker.oncall.timers", true);
        p.put("caretaker.maintenance.hook.start", "pagee on");
        Throwable e = assertThrows(RuntimeException.class, () -> OnCallContexts.start(p).close());
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().startsWith("caretaker.maintenance.hook.start is not a command Caretaker knows:"),
                root.getMessage());
    }
}
