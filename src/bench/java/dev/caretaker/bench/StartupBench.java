package dev.caretaker.bench;

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
 * directory that an earlier, unmeasured boot initialised.
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

    /** One boot's figures: milliseconds from process start to healthy, and the JVM's peak resident memory. */
    record Sample(double millis, long peakRssKb) {
    }

    public static void main(String[] args) throws Exception {
        List<Variant> variants = Variant.fromProperties();
        List<String> modes = List.of(System.getProperty("bench.modes", "external,embedded").split(","));
        Path work = Files.createTempDirectory("startup-bench");
        System.out.printf("StartupBench: %d measured boots per variant and set-up, alternated; load average %s%n",
                RUNS, loadAverage());
        variants.forEach(v -> System.out.println("  " + v.describe()));

        EmbeddedPostgres external = modes.contains("external") ? EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1").start() : null;
        try {
            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            Map<String, Map<String, String>> envs = new LinkedHashMap<>();
            for (String mode : modes) {
                for (int i = 0; i < variants.size(); i++) {
                    Variant v = variants.get(i);
                    Path dir = Files.createDirectories(work.resolve(mode + "-" + i));
                    Map<String, String> env = new LinkedHashMap<>();
                    if (mode.equals("external")) {
                        String db = "startup_bench_" + i;
                        try (Connection c = external.getPostgresDatabase().getConnection();
                             Statement st = c.createStatement()) {
                            st.execute("create database " + db);
                        }
                        env.put("DATASOURCES_DEFAULT_URL", "jdbc:postgresql://127.0.0.1:" + external.getPort() + "/" + db);
                        env.put("DATASOURCES_DEFAULT_USERNAME", "postgres");
                        env.put("DATASOURCES_DEFAULT_PASSWORD", "");
                    } else if (!mode.equals("embedded")) {
                        throw new IllegalArgumentException("bench.modes takes external and embedded, not " + mode);
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
                        System.out.printf(Locale.ROOT, "  run %d %-8s %-8s %7.0f ms  peak RSS %4d MiB%n", run, mode,
                                v.label(), s.millis(), s.peakRssKb() / 1024);
                    }
                }
            }
            System.out.printf("Medians (load average now %s):%n", loadAverage());
            for (String mode : modes) {
                Sample base = null;
                for (Variant v : variants) {
                    Sample m = median(samples.get(key(mode, v)));
                    String ratio = base == null ? "" : String.format(Locale.ROOT, "  ratio to baseline %.2fx time, %.2fx RSS",
                            m.millis() / base.millis(), (double) m.peakRssKb() / base.peakRssKb());
                    System.out.printf(Locale.ROOT, "  %-8s %-8s to /health UP %7.0f ms  peak RSS %4d MiB%s%n", mode,
                            v.label(), m.millis(), m.peakRssKb() / 1024, ratio);
                    if (base == null && variants.size() > 1) {
                        base = m;
                    }
                }
            }
        } finally {
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
            return new Sample(millis, statusKb(p.pid(), "VmHWM"));
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

    /** The median time, and the median peak RSS, of the samples (each taken on its own). */
    static Sample median(List<Sample> samples) {
        List<Double> times = new ArrayList<>(samples.stream().map(Sample::millis).toList());
        List<Long> rss = new ArrayList<>(samples.stream().map(Sample::peakRssKb).toList());
        Collections.sort(times);
        Collections.sort(rss);
        int n = samples.size();
        double t = n % 2 == 1 ? times.get(n / 2) : (times.get(n / 2 - 1) + times.get(n / 2)) / 2;
        long r = n % 2 == 1 ? rss.get(n / 2) : (rss.get(n / 2 - 1) + rss.get(n / 2)) / 2;
        return new Sample(t, r);
    }
}
