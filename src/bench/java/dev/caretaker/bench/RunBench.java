package dev.caretaker.bench;

import dev.caretaker.bench.StartupBench.Sample;
import dev.caretaker.bench.StartupBench.Variant;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one-shot mode as a script uses it: wall time of {@code java -jar caretaker.jar run "help"} on the
 * embedded default (a data directory an earlier, unmeasured run initialised) and the JVM's peak resident
 * memory (VmHWM, read from {@code /proc} every few milliseconds until the process ends). The median of
 * {@code bench.runs}; with a baseline variant (another jar or other JVM flags, as in {@link StartupBench})
 * the two are alternated run by run and the ratio is printed:
 *
 * <pre>mvn -Pbench test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dbench=RunBench \
 *     -Dbench.runs=7 -Dbench.baseline.jar=/tmp/caretaker-before.jar -Dbench.command=help</pre>
 */
public final class RunBench {

    private static final int RUNS = Integer.getInteger("bench.runs", 7);
    private static final String COMMAND = System.getProperty("bench.command", "help");

    private RunBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Variant> variants = Variant.fromProperties();
        Path work = Files.createTempDirectory("run-bench");
        System.out.printf("RunBench: run \"%s\", %d measured runs per variant, alternated; load average %s%n", COMMAND,
                RUNS, StartupBench.loadAverage());
        variants.forEach(v -> System.out.println("  " + v.describe()));
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        for (int i = 0; i < variants.size(); i++) {
            // unmeasured: initialises the embedded data directory and runs the migrations
            once(variants.get(i), Files.createDirectories(work.resolve("v" + i)));
            samples.put(variants.get(i).label(), new ArrayList<>());
        }
        for (int run = 1; run <= RUNS; run++) {
            for (int i = 0; i < variants.size(); i++) {
                Variant v = variants.get(i);
                Sample s = once(v, work.resolve("v" + i));
                samples.get(v.label()).add(s);
                System.out.printf(Locale.ROOT, "  run %d %-8s %7.0f ms  peak RSS %4d MiB%n", run, v.label(), s.millis(),
                        s.peakRssKb() / 1024);
            }
        }
        System.out.printf("Medians (load average now %s):%n", StartupBench.loadAverage());
        Sample base = null;
        for (Variant v : variants) {
            Sample m = StartupBench.median(samples.get(v.label()));
            String ratio = base == null ? "" : String.format(Locale.ROOT, "  ratio to baseline %.2fx time, %.2fx RSS",
                    m.millis() / base.millis(), (double) m.peakRssKb() / base.peakRssKb());
            System.out.printf(Locale.ROOT, "  %-8s run \"%s\" %7.0f ms  peak RSS %4d MiB%s%n", v.label(), COMMAND,
                    m.millis(), m.peakRssKb() / 1024, ratio);
            if (base == null && variants.size() > 1) {
                base = m;
            }
        }
    }

    /** One {@code run}, from process start to exit; it must exit 0 (a failing command is no measurement). */
    private static Sample once(Variant v, Path dir) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(StartupBench.javaBinary());
        command.addAll(v.jvmArgs());
        command.addAll(List.of("-jar", v.jar().toAbsolutePath().toString(), "run", COMMAND));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("run.log").toFile());
        // the embedded default: no datasource from the bench's own environment
        pb.environment().remove("DATASOURCES_DEFAULT_URL");
        long start = System.nanoTime();
        Process p = pb.start();
        long peak = 0;
        while (!p.waitFor(5, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, StartupBench.statusKb(p.pid(), "VmHWM"));
        }
        double millis = (System.nanoTime() - start) / 1e6;
        if (p.exitValue() != 0) {
            throw new IllegalStateException(v.label() + " exited " + p.exitValue() + "; see " + dir.resolve("run.log"));
        }
        return new Sample(millis, peak);
    }
}
