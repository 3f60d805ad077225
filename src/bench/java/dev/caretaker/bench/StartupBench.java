package dev.caretaker.bench;

import dev.caretaker.fake.slack.FakeSlack;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Start-up of the built jar as an operator runs it: from the moment the JVM process is started until
 * {@code GET /health} answers 200 with status UP, and the JVM's peak resident memory (VmHWM) at that moment.
 * Two set-ups, alternated boot by boot so other load on the machine hits both alike: an external
 * PostgreSQL (a server the bench starts on 127.0.0.1, already migrated) and the embedded default on a data
 * directory that an earlier, unmeasured boot initialised. A third, {@code slack}, is the external set-up with Slack
 * on: once healthy, the jar takes {@link SlackAckBench}'s load (signed {@code /ops help} at {@code bench.rate}/s for
 * {@code bench.loadSeconds}) and the peak RSS is the one under it. Each boot also reports the JVM's CPU time until
 * healthy and, with {@code bench.idleSeconds}, its RSS after serving idle that long.
 *
 * <p>A variant is a jar plus JVM flags; a baseline variant, when given, is alternated with it and each median
 * is printed as a ratio to the baseline's. So the same run compares two builds, or one build with and
 * without e.g. {@code -XX:AOTCache=target/caretaker.aot}:
 *
 * <pre>mvn -Pbench test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dbench=StartupBench \
 *     -Dbench.runs=5 -Dbench.jar=target/caretaker.jar -Dbench.jvmArgs="-XX:AOTCache=target/caretaker.aot" \
 *     -Dbench.baseline.jar=/tmp/caretaker-before.jar -Dbench.modes=external,embedded</pre>
 *
 * Linux only (it reads {@code /proc/<pid>/status}).
 */
public final class StartupBench {

    private static final int RUNS = Integer.getInteger("bench.runs", 5);
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(Integer.getInteger("bench.timeoutSeconds", 120));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    private StartupBench() {
    }

    /** A build to boot: its jar and the JVM flags it runs with. */
    record Variant(String label, Path jar, List<String> jvmArgs) {

        static List<Variant> fromProperties() {
            List<Variant> variants = new ArrayList<>();
            variants.add(new Variant("measured", Path.of(System.getProperty("bench.jar", "target/caretaker.jar")),
                    flags(System.getProperty("bench.jvmArgs", ""))));
            String baselineJar = System.getProperty("bench.baseline.jar");
            String baselineArgs = System.getProperty("bench.baseline.jvmArgs");
            if (baselineJar != null || baselineArgs != null) {
                variants.addFirst(new Variant("baseline", Path.of(baselineJar != null ? baselineJar
                        : variants.getFirst().jar().toString()), flags(baselineArgs == null ? "" : baselineArgs)));
            }
            for (Variant v : variants) {
                if (!Files.isRegularFile(v.jar())) {
                    throw new IllegalArgumentException(v.jar() + " does not exist: build it with mvn -B -DskipTests package");
                }
            }
            return variants;
        }

        private static List<String> flags(String text) {
            return text.isBlank() ? List.of() : Arrays.asList(text.strip().split("\\s+"));
        }

        String describe() {
            return label + ": " + jar + " (" + String.format(Locale.ROOT, "%.1f MiB", size() / 1048576.0) + ")"
                    + (jvmArgs.isEmpty() ? "" : " " + String.join(" ", jvmArgs));
        }

        long size() {
            try {
                return Files.size(jar);
            } catch (IOException e) {
                return -1;
            }
        }
    }

    /**
     * One boot's figures: milliseconds from process start to healthy, the JVM's peak resident memory then, its resident
     * memory after {@code bench.idleSeconds} of serving idle (0 when not waited for), and the CPU time the JVM had
     * used when it became healthy (a figure the machine's other load moves much less than the wall time).
     */
    record Sample(double millis, long peakRssKb, long idleRssKb, double cpuMillis) {
        Sample(double millis, long peakRssKb) {
            this(millis, peakRssKb, 0, 0);
        }
    }

    private static final int IDLE_SECONDS = Integer.getInteger("bench.idleSeconds", 0);

    public static void main(String[] args) throws Exception {
        List<Variant> variants = Variant.fromProperties();
        List<String> modes = List.of(System.getProperty("bench.modes", "external,embedded").split(","));
        Path work = Files.createTempDirectory("startup-bench");
        System.out.printf("StartupBench: %d measured boots per variant and set-up, alternated; load average %s%n",
                RUNS, loadAverage());
        variants.forEach(v -> System.out.println("  " + v.describe()));

        EmbeddedPostgres external = modes.contains("external") || modes.contains("slack") ? EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1").start() : null;
        // Bolt checks its token with auth.test before it handles a request, so Slack's Web API must answer: the fake
        FakeSlack slack = modes.contains("slack") ? FakeSlack.start() : null;
        try {
            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            Map<String, Map<String, String>> envs = new LinkedHashMap<>();
            for (String mode : modes) {
                for (int i = 0; i < variants.size(); i++) {
                    Variant v = variants.get(i);
                    Path dir = Files.createDirectories(work.resolve(mode + "-" + i));
                    Map<String, String> env = new LinkedHashMap<>();
                    if (mode.equals("external") || mode.equals("slack")) {
                        String db = "startup_bench_" + mode + "_" + i;
                        try (Connection c = external.getPostgresDatabase().getConnection();
                             Statement st = c.createStatement()) {
                            st.execute("create database " + db);
                        }
                        env.put("DATASOURCES_DEFAULT_URL", "jdbc:postgresql://127.0.0.1:" + external.getPort() + "/" + db);
                        env.put("DATASOURCES_DEFAULT_USERNAME", "postgres");
                        env.put("DATASOURCES_DEFAULT_PASSWORD", "");
                        if (mode.equals("slack")) {
                            // Slack on, its Web API the fake (the acks carry the answers)
                            env.put("SLACK_BOT_TOKEN", FakeSlack.BOT_TOKEN);
                            env.put("SLACK_SIGNING_SECRET", SlackAckBench.SECRET);
                            env.put("CARETAKER_SLACK_API_URL", slack.apiUrl());
                        }
                    } else if (!mode.equals("embedded")) {
                        throw new IllegalArgumentException("bench.modes takes external, embedded and slack, not " + mode);
                    }
                    envs.put(key(mode, v), env);
                    // unmeasured: migrates the database, or makes the embedded data directory
                    boot(v, dir, env);
                    samples.put(key(mode, v), new ArrayList<>());
                }
            }
            for (int run = 1; run <= RUNS; run++) {
                for (String mode : modes) {
                    for (int i = 0; i < variants.size(); i++) {
                        Variant v = variants.get(i);
                        Sample s = boot(v, work.resolve(mode + "-" + i), envs.get(key(mode, v)));
                        samples.get(key(mode, v)).add(s);
                        System.out.printf(Locale.ROOT, "  run %d %-8s %-8s %7.0f ms  CPU %6.0f ms  peak RSS %4d MiB"
                                        + "  idle RSS %4d MiB  load %s%n", run, mode, v.label(), s.millis(), s.cpuMillis(),
                                s.peakRssKb() / 1024, s.idleRssKb() / 1024, loadAverage());
                    }
                }
            }
            System.out.printf("Medians (load average now %s):%n", loadAverage());
            for (String mode : modes) {
                Sample base = null;
                for (Variant v : variants) {
                    Sample m = median(samples.get(key(mode, v)));
                    String ratio = base == null ? "" : String.format(Locale.ROOT,
                            "  ratio to baseline %.2fx time, %.2fx CPU, %.2fx RSS", m.millis() / base.millis(),
                            m.cpuMillis() / base.cpuMillis(), (double) m.peakRssKb() / base.peakRssKb());
                    System.out.printf(Locale.ROOT, "  %-8s %-8s to /health UP %7.0f ms  CPU %6.0f ms  peak RSS %4d MiB"
                            + "  idle RSS %4d MiB%s%n", mode, v.label(), m.millis(), m.cpuMillis(), m.peakRssKb() / 1024,
                            m.idleRssKb() / 1024, ratio);
                    if (base == null && variants.size() > 1) {
                        base = m;
                    }
                }
            }
        } finally {
            if (slack != null) {
                slack.close();
            }
            if (external != null) {
                external.close();
            }
        }
    }

    private static String key(String mode, Variant v) {
        return mode + "/" + v.label();
    }

    /** Boots the jar in {@code dir}, waits for {@code /health} UP, notes the figures, and stops it (SIGTERM). */
    static Sample boot(Variant v, Path dir, Map<String, String> env) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(v.jvmArgs());
        command.addAll(List.of("-jar", v.jar().toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("boot.log").toFile());
        pb.environment().putAll(env);
        pb.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        URI health = URI.create("http://127.0.0.1:" + port + "/health");
        long start = System.nanoTime();
        Process p = pb.start();
        try {
            long deadline = start + BOOT_LIMIT.toNanos();
            while (!healthy(health)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(v.label() + " did not become healthy; see " + dir.resolve("boot.log"));
                }
                Thread.sleep(10);
            }
            double millis = (System.nanoTime() - start) / 1e6;
            double cpu = cpuMillis(p.pid());
            if (env.containsKey("SLACK_SIGNING_SECRET")) {
                // the Slack benchmark's load on the jar itself: the peak RSS below is the one under it
                SlackAckBench.Result load = SlackAckBench.run(HTTP, "http://127.0.0.1:" + port + "/slack/events",
                        Duration.ofSeconds(Integer.getInteger("bench.loadSeconds", 30)));
                System.out.println("    " + load.line(v.label() + " /ops help acks under load"));
            }
            long peak = statusKb(p.pid(), "VmHWM");
            long idle = 0;
            if (IDLE_SECONDS > 0) {
                Thread.sleep(IDLE_SECONDS * 1000L);
                idle = statusKb(p.pid(), "VmRSS");
            }
            return new Sample(millis, peak, idle, cpu);
        } finally {
            stop(p);
        }
    }

    static boolean healthy(URI health) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM, as an operator or Kubernetes stops it, so the embedded PostgreSQL shuts down before the next boot. */
    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A field of {@code /proc/<pid>/status} in KiB (VmHWM: peak resident set; VmRSS: now), or 0 once gone. */
    static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** User plus system CPU time of a process so far, from {@code /proc/<pid>/stat} (in clock ticks of 10 ms). */
    static double cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the name: state is field 3, utime 14 and stime 15 (1-based, counting pid and name)
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The median of each figure of the samples (each taken on its own). */
    static Sample median(List<Sample> samples) {
        return new Sample(middle(samples.stream().map(Sample::millis).toList()),
                (long) middle(samples.stream().map(s -> (double) s.peakRssKb()).toList()),
                (long) middle(samples.stream().map(s -> (double) s.idleRssKb()).toList()),
                middle(samples.stream().map(Sample::cpuMillis).toList()));
    }

    private static double middle(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
