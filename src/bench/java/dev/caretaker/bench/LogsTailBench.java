package dev.caretaker.bench;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.action.Progress;
import dev.caretaker.action.custom.Programs;
import dev.caretaker.action.custom.logs.LogsActionFactory;
import dev.caretaker.command.CommandFileReader;
import dev.caretaker.command.CommandRegistry;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.command.ParsedCommand;
import dev.caretaker.command.Parser;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.security.Caller;
import dev.caretaker.security.Redactor;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code logs <service> lines=100} on a file source of a million lines (~50 MB): time per answer, read from the end
 * by Caretaker (masking every line), against the baseline measured in the same run: coreutils {@code tail -n 100} of
 * the same file, started as a process, which also seeks to the end. A second pair searches with {@code grep=} through
 * the newest 10,000 lines against {@code tail -n 10000 | grep} done in Java over tail's output. Options:
 * {@code -Dbench.lines=1000000}, {@code -Dbench.runs=15}.
 */
public final class LogsTailBench {

    private static final int LINES = Integer.getInteger("bench.lines", 1_000_000);
    private static final int RUNS = Integer.getInteger("bench.runs", 15);
    private static final int WARMUP = 5;

    private LogsTailBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("logs-bench");
        Path file = dir.resolve("app.log");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= LINES; i++) {
                w.write("2025-03-01T03:00:00Z INFO request " + i + " served in 12 ms user=ada token=abc" + i + "\n");
            }
        }
        String yaml = """
                commands:
                  - name: logs
                    role: viewer
                    kind: logs
                    args:
                      - {name: service, type: enum, choices: [app], required: true}
                      - {name: lines, type: int, default: "100"}
                      - {name: grep, type: string}
                    sources:
                      app: {type: file, path: %s}
                """.formatted(file);
        var read = CommandFileReader.read("bench.yml", yaml, "viewer", Set.of("viewer", "operator", "admin"));
        CommandSpec spec = read.commands().getFirst();
        Parser parser = new Parser(new CommandRegistry(read.commands()), t -> Set.of());
        ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
        var action = new LogsActionFactory(Programs.inherited(), new Redactor(), readers).create(spec);

        List<Double> tail = new ArrayList<>();
        List<Double> logs = new ArrayList<>();
        List<Double> tailGrep = new ArrayList<>();
        List<Double> logsGrep = new ArrayList<>();
        for (int run = 0; run < WARMUP + RUNS; run++) {
            // alternate, so other load on the shared machine hits baseline and measurement alike
            double t = time(() -> tail(file, 100, null));
            double l = time(() -> logs(action, parser, spec, "logs app lines=100"));
            double tg = time(() -> tail(file, 10_000, "00 served"));
            double lg = time(() -> logs(action, parser, spec, "logs app lines=100 \"grep=00 served\""));
            if (run >= WARMUP) {
                tail.add(t);
                logs.add(l);
                tailGrep.add(tg);
                logsGrep.add(lg);
            }
        }
        readers.close();
        System.out.printf(Locale.ROOT, "file: %,d lines, %,d bytes; %d runs after %d warm-up%n", LINES, Files.size(file),
                RUNS, WARMUP);
        row("tail -n 100 (process)", tail, "logs lines=100", logs);
        row("tail -n 10000 + grep", tailGrep, "logs grep= (10,000 scanned)", logsGrep);
        Files.delete(file);
        Files.delete(dir);
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double time(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static void logs(dev.caretaker.action.Action action, Parser parser, CommandSpec spec, String line)
            throws Exception {
        ParsedCommand parsed = parser.parse(line);
        ActionResult r = action.run(new ActionContext("r-bench", Caller.console("bench"), ChannelAddress.CONSOLE, spec,
                parsed.args(), Progress.NONE));
        if (!(r instanceof ActionResult.Ok)) {
            throw new IllegalStateException("logs failed: " + r.reply());
        }
    }

    private static void tail(Path file, int n, String grep) throws Exception {
        Process p = new ProcessBuilder("tail", "-n", Integer.toString(n), file.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("tail failed");
        }
        if (grep != null) {
            out.lines().filter(l -> l.contains(grep)).count();
        }
    }

    private static void row(String baselineName, List<Double> baseline, String name, List<Double> measured) {
        double b = median(baseline);
        double m = median(measured);
        System.out.printf(Locale.ROOT, "%-28s median %7.2f ms  p90 %7.2f ms%n", baselineName, b, p90(baseline));
        System.out.printf(Locale.ROOT, "%-28s median %7.2f ms  p90 %7.2f ms  ratio %.2fx%n", name, m, p90(measured), m / b);
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static double p90(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get((int) Math.ceil(s.size() * 0.9) - 1);
    }
}
