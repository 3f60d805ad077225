package dev.caretaker.action.custom.logs;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.action.Progress;
import dev.caretaker.action.custom.Programs;
import dev.caretaker.command.CommandFileReader;
import dev.caretaker.command.CommandRegistry;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.command.ParsedCommand;
import dev.caretaker.command.Parser;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.PlainText;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.Caller;
import dev.caretaker.security.Redactor;
import dev.caretaker.support.FakePrograms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The logs kind against a real file and fake kubectl / docker / journalctl on a test PATH. */
class LogsActionTest {

    private static final ExecutorService READERS = Executors.newVirtualThreadPerTaskExecutor();

    @TempDir
    static Path tmp;
    static Path million;
    static Path secrets;
    static Path slow;
    static FakePrograms fakes;

    @BeforeAll
    static void files() throws Exception {
        million = TailReaderTest.millionLines(tmp);
        slow = Files.writeString(tmp.resolve("slow.log"), ("a".repeat(1900) + "\n").repeat(3));
        secrets = Files.writeString(tmp.resolve("app.log"), """
                03:00:01 INFO starting
                03:00:02 DEBUG connecting to postgres://shop:Sup3rS3cret@db.internal:5432/shop
                03:00:03 DEBUG slack token xoxb-123456789012-abcdefABCDEF
                03:00:04 WARN login failed password=hunter2 for user=ada
                -----BEGIN RSA PRIVATE KEY-----
                MIIEowIBAAKCAQEAqwerty
                c2VjcmV0LWtleS1ib2R5
                -----END RSA PRIVATE KEY-----
                03:00:05 ERROR Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig
                03:00:06 INFO done
                """, StandardCharsets.UTF_8);
    }

    @BeforeEach
    void programs() {
        fakes = new FakePrograms(tmp.resolve("bin-" + System.nanoTime()));
        // programs a shell would run for $(id) or ; rm -rf /: they record any call, and the tests expect none
        fakes.add("id", "uid=0(root)\n", 0).add("rm", "", 0).add("sh", "", 0).add("bash", "", 0);
    }

    private String yaml() {
        return """
                commands:
                  - name: logs
                    role: viewer
                    kind: logs
                    timeout: 20s
                    max-lines: 500
                    scan-lines: 2000
                    args:
                      - {name: service, type: enum, choices: [big, app, slow, web, worker, nginx, gone], required: true}
                      - {name: lines, type: int, default: "100", min: 1, max: 100000}
                      - {name: grep, type: string}
                      - {name: since, type: duration, default: 15m}
                    sources:
                      big: {type: file, path: %s}
                      app: {type: file, path: %s}
                      gone: {type: file, path: %s}
                      slow: {type: file, path: %s}
                      web: {type: kubernetes, deployment: web, namespace: shop, container: app}
                      worker: {type: docker, container: shop-worker-1}
                      nginx: {type: journald, unit: nginx.service}
                """.formatted(million, secrets, tmp.resolve("nope.log"), slow);
    }

    private ActionResult run(String line) throws Exception {
        return run(line, fakes.path());
    }

    private ActionResult run(String line, String path) throws Exception {
        var read = CommandFileReader.read("commands/logs.yml", yaml(), "operator", Set.of("viewer", "operator", "admin"));
        assertEquals(List.of(), read.problems());
        CommandSpec spec = read.commands().getFirst();
        LogsActionFactory factory = new LogsActionFactory(new Programs(path), new Redactor(), READERS);
        assertEquals(List.of(), factory.validate(spec));
        ParsedCommand parsed = new Parser(new CommandRegistry(read.commands()), t -> Set.of()).parse(line);
        return factory.create(spec).run(new ActionContext("r-1", Caller.console("t"), ChannelAddress.CONSOLE, spec,
                parsed.args(), Progress.NONE));
    }

    private static String code(Reply reply) {
        return reply.blocks().stream().filter(Block.Code.class::isInstance).map(b -> ((Block.Code) b).text())
                .findFirst().orElse("");
    }

    // ---- files -----------------------------------------------------------------------------------------------------

    @Test
    void theLastLinesOfAMillionLineFileWithoutReadingItIntoMemory() throws Exception {
        long fileSize = Files.size(million);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        ActionResult r = run("logs big lines=50");
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertInstanceOf(ActionResult.Ok.class, r);
        String expected = IntStream.rangeClosed(TailReaderTest.MILLION - 49, TailReaderTest.MILLION)
                .mapToObj(TailReaderTest::line).reduce("", (a, b) -> a + b + "\n");
        assertEquals(expected, code(r.reply()));
        assertEquals("logs big: last 50 lines", r.reply().header());
        // reading the ~50 MB file into memory would allocate at least its size; the tail costs a block and 50 lines
        assertTrue(allocated < fileSize / 20, "allocated " + allocated + " bytes for a " + fileSize + " byte file");
    }

    @Test
    void aPlantedSecretInTheLogIsMasked() throws Exception {
        ActionResult r = run("logs app");
        String text = PlainText.render(r.reply());
        for (String secret : List.of("Sup3rS3cret", "xoxb-123456789012", "hunter2", "MIIEowIBAAKCAQEAqwerty",
                "c2VjcmV0LWtleS1ib2R5", "eyJhbGciOiJIUzI1NiJ9")) {
            assertFalse(text.contains(secret), secret + " leaked:\n" + text);
        }
        assertTrue(text.contains("03:00:04 WARN login failed password=**** for user=ada"), text);
        assertTrue(text.contains("03:00:06 INFO done"), text);
        assertEquals(10, code(r.reply()).lines().count());
    }

    @Test
    void grepRunsOnMaskedLinesSoItCannotProbeASecret() throws Exception {
        ActionResult r = run("logs app grep=hunter2");
        assertEquals("logs app: 0 lines matching hunter2", r.reply().header());
        assertTrue(PlainText.render(r.reply()).contains("No line matches hunter2 in the last 10 lines."));
        assertEquals(1, code(run("logs app grep=password").reply()).lines().count());
    }

    @Test
    void grepALiteralIgnoringCaseOrARegularExpression() throws Exception {
        assertEquals("03:00:04 WARN login failed password=**** for user=ada\n03:00:05 ERROR Authorization: Bearer ****\n",
                code(run("logs app grep=/WARN|ERROR/").reply()));
        assertEquals("03:00:06 INFO done\n", code(run("logs app grep=DONE").reply()));
        assertEquals("03:00:06 INFO done\n", code(run("logs app grep=/d.NE$/i").reply()));
        ActionResult few = run("logs big lines=3 \"grep=/request 99999[0-9] /\"");
        assertEquals("logs big: 3 lines matching /request 99999[0-9] /", few.reply().header());
        assertEquals(TailReaderTest.line(999_997) + "\n" + TailReaderTest.line(999_998) + "\n"
                + TailReaderTest.line(999_999) + "\n", code(few.reply()));
    }

    @Test
    void grepSearchesAtMostScanLinesAndSaysSo() throws Exception {
        ActionResult r = run("logs big \"grep=/request 1 /\"");
        assertEquals("logs big: 0 lines matching /request 1 /", r.reply().header());
        assertEquals("Searched the newest 2000 lines only.", r.reply().footer());
    }

    @Test
    void aBadOrDangerousPatternIsOneSentenceAndNothingIsRead() throws Exception {
        assertEquals("`grep` repeats a group that itself repeats or has alternatives, like (a+)+ or (a|b)*, which can "
                + "take forever; write it without the outer repeat.\n", PlainText.render(run("logs app grep=/(a+)+$/").reply()));
        assertEquals("`grep` repeats a group that itself repeats or has alternatives, like (a+)+ or (a|b)*, which can "
                + "take forever; write it without the outer repeat.\n", PlainText.render(run("logs app grep=/(a|aa)*b/").reply()));
        assertEquals("`grep` may not use back-references (\\1, \\k<name>); they can take forever on long lines.\n",
                PlainText.render(run("logs app grep=/(a)\\\\1/").reply()));
        assertTrue(PlainText.render(run("logs app grep=/[a-/").reply())
                .startsWith("`grep` is not a valid regular expression ("));
    }

    @Test
    void aSlowPatternThatPassesTheShapeCheckStopsAtItsBudget() throws Exception {
        ActionResult r = run("logs slow grep=/a*a*a*a*a*a*a*a*b/");
        assertInstanceOf(ActionResult.Failed.class, r);
        assertEquals("`grep` took too long on these lines and was stopped; use a plain word or a simpler pattern.\n",
                PlainText.render(r.reply()));
        var parsed = GrepFilter.parse("/a*a*a*a*a*a*a*a*b/");
        GrepFilter filter = parsed.filter().orElseThrow();
        org.junit.jupiter.api.Assertions.assertThrows(GrepFilter.TooSlow.class, () -> filter.matches("a".repeat(1900)));
        assertTrue(filter.spent() >= GrepFilter.LINE_BUDGET);
    }

    @Test
    void linesAreCappedAtMaxLinesAndTheReplySaysSo() throws Exception {
        ActionResult r = run("logs big lines=5000");
        assertEquals(500, code(r.reply()).lines().count());
        assertEquals("Asked for 5000 lines; a logs reply shows at most 500.", r.reply().footer());
    }

    @Test
    void aMissingFileOrAnUnknownServiceIsOneSentence() throws Exception {
        assertEquals("The log file of `gone` (" + tmp.resolve("nope.log") + ") does not exist; check its path under "
                + "sources.\n", PlainText.render(run("logs gone").reply()));
        assertInstanceOf(ActionResult.Failed.class, run("logs gone"));
    }

    // ---- programs ----------------------------------------------------------------------------------------------------

    @Test
    void kubernetesRunsKubectlLogsWithTheLinesAndWindowAsNumbers() throws Exception {
        fakes.add("kubectl", "line one\nline two password=pw123\nline three\n", 0);
        ActionResult r = run("logs web lines=2 since=1h");
        assertEquals(List.of(List.of("logs", "deployment/web", "--namespace=shop", "--container=app", "--tail=2",
                "--since=3600s")), fakes.calls("kubectl"));
        assertEquals("line two password=****\nline three\n", code(r.reply()));
        assertTrue(PlainText.render(r.reply()).contains("kubernetes deployment/web in shop"));
    }

    @Test
    void dockerAndJournaldRunTheirProgramsWithFixedArgv() throws Exception {
        fakes.add("docker", "\u001B[32mgreen\u001B[0m worker ready\n", 0).add("journalctl", "-- Boot --\nnginx up\n", 0);
        assertEquals("green worker ready\n", code(run("logs worker lines=10 since=30m").reply()));
        assertEquals(List.of(List.of("logs", "--tail=10", "--since=1800s", "shop-worker-1")), fakes.calls("docker"));
        assertEquals("-- Boot --\nnginx up\n", code(run("logs nginx").reply()));
        assertEquals(List.of(List.of("--unit=nginx.service", "--no-pager", "--quiet", "--output=short-iso",
                "--lines=100", "--since=-900s")), fakes.calls("journalctl"));
    }

    @Test
    void shellSyntaxInGrepIsDataNeverACommand() throws Exception {
        fakes.add("kubectl", "GET /?q=$(id) 200\nGET /; rm -rf / 404\nGET / 200\n", 0);
        ActionResult dollar = run("logs web grep=$(id)");
        ActionResult semicolon = run("logs web \"grep=; rm -rf /\"");
        assertEquals("GET /?q=$(id) 200\n", code(dollar.reply()));
        assertEquals("GET /; rm -rf / 404\n", code(semicolon.reply()));
        // the pattern went to no program: kubectl got the same fixed argv both times, with a wider tail to search
        List<String> argv = List.of("logs", "deployment/web", "--namespace=shop", "--container=app", "--tail=2000",
                "--since=900s");
        assertEquals(List.of(argv, argv), fakes.calls("kubectl"));
        for (String program : List.of("id", "rm", "sh", "bash")) {
            assertEquals(List.of(), fakes.calls(program), program + " must never run");
        }
    }

    @Test
    void aFailingProgramSaysWhatItSaid() throws Exception {
        fakes.add("kubectl", "Error from server (NotFound): deployments.apps \"web\" not found\n", 1);
        ActionResult r = run("logs web");
        assertInstanceOf(ActionResult.Failed.class, r);
        assertEquals("logs web: kubectl failed (exit 1)", r.reply().header());
        assertEquals("Error from server (NotFound): deployments.apps \"web\" not found\n", code(r.reply()));
    }

    @Test
    void aProgramNotOnThePathIsOneSentence() throws Exception {
        ActionResult r = run("logs worker", fakes.dir().toString());
        assertEquals("`docker` could not be started; check that it is installed and on the PATH of the bot "
                + "(caretaker.exec.path).\n", PlainText.render(r.reply()));
    }
}
