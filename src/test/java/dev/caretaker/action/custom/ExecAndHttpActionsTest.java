package dev.caretaker.action.custom;

import com.sun.net.httpserver.HttpServer;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.action.Progress;
import dev.caretaker.command.CommandFileReader;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.command.ParsedCommand;
import dev.caretaker.command.Parser;
import dev.caretaker.command.CommandRegistry;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.reply.PlainText;
import dev.caretaker.security.Caller;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Declared exec and http commands run real programs and real requests, never a shell. */
class ExecAndHttpActionsTest {

    /** What Micronaut's blocking executor is on JDK 25: a virtual thread per task. */
    private static final java.util.concurrent.ExecutorService READERS =
            java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            int status = exchange.getRequestURI().getPath().contains("down") ? 503 : 200;
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private ActionResult run(String yaml, String line, dev.caretaker.action.ActionFactory factory) throws Exception {
        var read = CommandFileReader.read("t.yml", yaml, "operator", Set.of("viewer", "operator", "admin"));
        assertEquals(List.of(), read.problems());
        CommandSpec spec = read.commands().get(0);
        assertEquals(List.of(), factory.validate(spec));
        ParsedCommand parsed = new Parser(new CommandRegistry(read.commands()), t -> Set.of()).parse(line);
        return factory.create(spec).run(new ActionContext("r-1", Caller.console("t"), ChannelAddress.CONSOLE, spec,
                parsed.args(), Progress.NONE));
    }

    @Test
    void execRunsTheProgramWithTheValueAsOneArgumentNotThroughAShell() throws Exception {
        ActionResult r = run("""
                commands:
                  - name: echo it
                    kind: exec
                    argv: [echo, "value:{text}"]
                    args: [{name: text, type: string, required: true}]
                """, "echo it 'a; rm -rf / $(whoami) `id`'", new ExecActionFactory(READERS));
        assertInstanceOf(ActionResult.Ok.class, r);
        assertTrue(PlainText.render(r.reply()).contains("value:a; rm -rf / $(whoami) `id`"), PlainText.render(r.reply()));
    }

    @Test
    void execRefusesValuesThatLookLikeOptions() throws Exception {
        ActionResult r = run("""
                commands:
                  - name: list dir
                    kind: exec
                    argv: [ls, "{dir}"]
                    args: [{name: dir, type: string, required: true}]
                """, "list dir --recursive", new ExecActionFactory(READERS));
        assertEquals("`dir` may not start with `-`, so it cannot be taken for an option; drop the dash.\n",
                PlainText.render(r.reply()));
    }

    @Test
    void execNonZeroExitIsAFailureWithTheOutput() throws Exception {
        ActionResult r = run("""
                commands:
                  - name: list dir
                    kind: exec
                    argv: [ls, "{dir}"]
                    args: [{name: dir, type: string, required: true}]
                """, "list dir /no/such/dir", new ExecActionFactory(READERS));
        assertInstanceOf(ActionResult.Failed.class, r);
        String text = PlainText.render(r.reply());
        assertTrue(text.contains("(exit 2)") && text.contains("No such file"), text);
    }

    @Test
    void execTimeoutStopsTheProgram() throws Exception {
        ActionResult r = run("""
                commands:
                  - name: wait long
                    kind: exec
                    argv: [sleep, "30"]
                    timeout: 1s
                """, "wait long", new ExecActionFactory(READERS));
        assertEquals("`wait long` did not finish within 1s and was stopped.\n", PlainText.render(r.reply()));
    }

    @Test
    void httpEncodesValuesAndChecksTheStatus() throws Exception {
        String yaml = """
                commands:
                  - name: svc health
                    kind: http
                    url: "http://127.0.0.1:%d/health/{name}"
                    expect-status: 200
                    args: [{name: name, type: string, required: true}]
                """.formatted(server.getAddress().getPort());
        ActionResult ok = run(yaml, "svc health 'a b/../x?'", new HttpActionFactory(java.net.http.HttpClient.newHttpClient()));
        assertInstanceOf(ActionResult.Ok.class, ok);
        assertEquals("GET /health/a+b%2F..%2Fx%3F", requests.get(0));
        assertTrue(PlainText.render(ok.reply()).contains("{\"status\":\"UP\"}"));
        ActionResult down = run(yaml, "svc health down", new HttpActionFactory(java.net.http.HttpClient.newHttpClient()));
        assertInstanceOf(ActionResult.Failed.class, down);
        assertTrue(PlainText.render(down.reply()).contains("Status:   503"), PlainText.render(down.reply()));
    }

    @Test
    void httpUnreachableIsOneSentence() throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0);
        ActionResult r = run("""
                commands:
                  - name: svc health
                    kind: http
                    url: "http://127.0.0.1:%d/health"
                """.formatted(port), "svc health", new HttpActionFactory(java.net.http.HttpClient.newHttpClient()));
        assertEquals("GET http://127.0.0.1:" + port + "/health could not be reached; check that the service runs and "
                + "the address is right.\n", PlainText.render(r.reply()));
    }
}
