package dev.caretaker.alert;

import dev.caretaker.chat.ChatDouble;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Reply;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.AuditQuery;
import dev.caretaker.store.AuditRecord;
import dev.caretaker.support.CommandFiles;
import dev.caretaker.support.Contexts;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A route's {@code attach:} commands run when its alert fires, through the pipeline as the alert (audited), and their
 * answers land in the alert's thread through the outbox; a failing one says so there, and the alert message is as it
 * would be without them.
 */
class AlertEnrichmentTest {

    private static final String TOKEN = "s3cret-webhook-token-for-tests";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private final ChatDouble chat = new ChatDouble();
    private final HttpClient http = HttpClient.newHttpClient();
    private ApplicationContext context;
    private EmbeddedServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (context != null && context.isRunning()) {
            context.close();
        }
    }

    private Path commands() throws Exception {
        Path web = Files.writeString(tmp.resolve("web.log"), """
                06:54:58 INFO GET /orders 200
                06:54:59 ERROR upstream timed out, retrying with password=hunter2
                06:55:01 ERROR GET /orders 502
                """);
        return CommandFiles.dir(tmp, "logs.yml", """
                commands:
                  - name: logs
                    role: viewer
                    kind: logs
                    args:
                      - {name: service, type: string, required: true}
                      - {name: lines, type: int, default: "100"}
                      - {name: grep, type: string}
                      - {name: since, type: duration, default: 15m}
                    sources:
                      web: {type: file, path: %s}
                      api: {type: file, path: %s}
                  - name: app restart
                    role: operator
                    kind: exec
                    argv: [true]
                """.formatted(web, tmp.resolve("api-was-never-written.log")));
    }

    private Map<String, Object> props(List<Map<String, Object>> routes) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.probes.enabled", false);
        p.put("caretaker.alerts.timers", false);
        p.put("caretaker.outbox.poll", "50ms");
        p.put("caretaker.outbox.backoff-base", "50ms");
        p.put("caretaker.alerts.token", TOKEN);
        p.put("caretaker.alerts.default-channels", List.of("slack:CDEFAULT"));
        p.put("caretaker.alerts.routes", routes);
        p.put("caretaker.commands-dir", commands().toString());
        return p;
    }

    private void start(List<Map<String, Object>> routes) throws Exception {
        context = Contexts.start(props(routes), chat);
        server = context.getBean(EmbeddedServer.class).start();
    }

    private void fire(String service) throws Exception {
        String body = AlertmanagerIntakeTest.fixture("firing-single.json")
                .replace("\"web\"", "\"" + service + "\"").replace("service=\\\"web\\\"", "service=\\\"" + service + "\\\"")
                .replace("web-1:8000", service + "-1:8000").replace("d23543420519add8", service + "3543420519add8");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort()
                        + "/alerts/alertmanager")).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    private static String code(Reply reply) {
        return reply.blocks().stream().filter(Block.Code.class::isInstance).map(b -> ((Block.Code) b).text())
                .findFirst().orElse("");
    }

    @Test
    void anAlertRoutedWithAttachGetsOneThreadReplyWithTheCommandsOutput() throws Exception {
        start(List.of(Map.of("match", Map.of("service", "web"), "channels", List.of("slack:CWEB"),
                "attach", List.of("logs {labels.service} lines=2"))));
        fire("web");
        assertTrue(chat.await(WAIT, s -> s.stream().anyMatch(x -> x.kind().equals("thread"))), chat.sent().toString());
        // the thread reply is the last thing enrichment sends: one post, one thread reply, under that post
        assertEquals(1, chat.posts().size(), chat.sent().toString());
        assertEquals(1, chat.threads().size(), chat.sent().toString());
        ChatDouble.Sent post = chat.posts().getFirst();
        ChatDouble.Sent thread = chat.threads().getFirst();
        assertEquals("slack:CWEB", post.channel().toString());
        assertEquals(post.messageId(), thread.parentId());
        assertEquals("logs web: last 2 lines", thread.reply().header());
        assertEquals("06:54:59 ERROR upstream timed out, retrying with password=****\n06:55:01 ERROR GET /orders 502\n",
                code(thread.reply()));
        assertTrue(thread.reply().footer().endsWith("Attached to this alert by its route: logs web lines=2"),
                thread.reply().footer());
        assertEquals("Critical: HighErrorRate", post.reply().header());
        assertEquals(List.of(), chat.updates(), "the alert's own message is not edited for its attachments");
        AuditRecord row = context.getBean(AuditLog.class).search(new AuditQuery(null, null, Instant.EPOCH, 50)).stream()
                .filter(r -> r.commandLine().equals("logs web lines=2")).findFirst().orElseThrow();
        assertEquals("alert HighErrorRate", row.userName());
        assertEquals("ok", row.outcome());
        assertEquals(1, context.getBean(AuditLog.class).search(new AuditQuery(null, null, Instant.EPOCH, 50)).stream()
                .filter(r -> r.commandLine().startsWith("logs ")).count(), "the attached command ran once");
    }

    @SuppressWarnings("unchecked")
    @Test
    void theExampleConfigurationsAttachedCommandsAreValidAgainstTheShippedCommands() throws Exception {
        Map<String, Object> config = new org.yaml.snakeyaml.Yaml().load(Files.readString(Path.of("config/caretaker.yml")));
        Map<String, Object> alerts = (Map<String, Object>) ((Map<String, Object>) config.get("caretaker")).get("alerts");
        // the rotations are another page's business (docs/oncall.md): this looks at what routes attach
        List<Map<String, Object>> routes = ((List<Map<String, Object>>) alerts.get("routes")).stream()
                .map(r -> { Map<String, Object> m = new HashMap<>(r); m.remove("rotation"); return m; }).toList();
        assertTrue(routes.stream().anyMatch(r -> r.containsKey("attach")), "the example shows attach");
        try (ApplicationContext ctx = TestContexts.start(Map.of("caretaker.commands-dir", "commands",
                "caretaker.alerts.routes", routes))) {
            AlertRoutes parsed = ctx.getBean(AlertRoutes.class);
            assertEquals(List.of(), AlertEnrichment.problems(parsed, ctx.getBean(dev.caretaker.pipeline.Dispatcher.class)
                    .registry()));
            assertEquals(List.of("logs {labels.service} lines=50 since=30m"),
                    parsed.route(Map.of("service", "web", "severity", "warning")).attach());
        }
    }

    @Test
    void aFailingAttachCommandSaysSoInTheThreadAndTheAlertMessageIsUnaffected() throws Exception {
        start(List.of(Map.of("match", Map.of("service", "api"), "channels", List.of("slack:CAPI"),
                "attach", List.of("logs {labels.service} lines=50", "logs {labels.namespace}"))));
        fire("api");
        assertTrue(chat.await(WAIT, s -> s.stream().filter(x -> x.kind().equals("thread")).count() == 2),
                chat.sent().toString());
        assertEquals(1, chat.posts().size());
        ChatDouble.Sent post = chat.posts().getFirst();
        assertEquals("Critical: HighErrorRate", post.reply().header());
        assertTrue(ChatDouble.text(post.reply()).contains("Error rate 7.2% is above 5% for 5 minutes"));
        assertEquals(List.of(), chat.updates());
        List<String> threads = chat.threads().stream().map(t -> ChatDouble.text(t.reply())).sorted().toList();
        assertTrue(chat.threads().stream().allMatch(t -> t.parentId().equals(post.messageId())));
        assertEquals("`logs api lines=50` failed:\nThe log file of `api` (" + tmp.resolve("api-was-never-written.log")
                + ") does not exist; check its path under sources.\n", threads.get(0));
        assertEquals("`logs {labels.namespace}` was not run: this alert has no label `namespace`.\n", threads.get(1));
    }

    @Test
    void aRouteThatAttachesAnOperatorCommandStopsTheBootWithOneSentence() throws Exception {
        for (var attach : List.of(
                Map.entry("app restart", "caretaker.alerts.routes[0].attach attaches `app restart`, which needs the "
                        + "operator role; an alert may attach only read-only commands any viewer may run."),
                Map.entry("db cancel 42", "caretaker.alerts.routes[0].attach attaches `db cancel`, which needs the "
                        + "operator role; an alert may attach only read-only commands any viewer may run."),
                Map.entry("logs {service}", "caretaker.alerts.routes[0].attach has `logs {service}`, whose `{service}` is "
                        + "not a label; write {labels.<name>}, like {labels.service}."),
                Map.entry("no such thing", "caretaker.alerts.routes[0].attach has `no such thing`, which names no "
                        + "command; see `help` for the commands there are."))) {
            Map<String, Object> p = TestContexts.properties();
            p.putAll(props(List.of(Map.of("match", Map.of("service", "web"), "channels", List.of("slack:CWEB"),
                    "attach", List.of(attach.getKey())))));
            try (ApplicationContext ctx = ApplicationContext.builder().deduceEnvironment(false).properties(p)
                    .environments("test").start()) {
                fail("the boot must stop for " + attach.getKey());
            } catch (RuntimeException e) {
                Throwable t = e;
                while (t != null && !(t instanceof io.micronaut.context.exceptions.ConfigurationException)) {
                    t = t.getCause();
                }
                assertTrue(t != null, String.valueOf(e));
                assertEquals(attach.getValue(), t.getMessage());
            }
        }
    }
}
