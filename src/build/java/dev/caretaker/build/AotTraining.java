package dev.caretaker.build;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The training run of JDK 25's AOT cache (JEP 483 / 514): boots the built jar as an operator does on the embedded
 * default, with {@code -XX:AOTCacheOutput}, waits until {@code /health} answers UP, asks {@code /health} and its
 * liveness and readiness, types a few commands into the console (the path {@code run} takes too), and stops; the JVM
 * writes the cache of what it loaded and linked as it exits. Later starts with {@code -XX:AOTCache=} map those classes
 * instead of loading them; a cache from another jar or JDK only costs that speed-up.
 *
 * <p>Run by Maven after {@code package} (source-file mode, nothing to compile: {@code java AotTraining.java JAR CACHE
 * WORKDIR [JVM flags]}; with {@code -Dcaretaker.aot.skip=true} it only removes an old cache) and, compiled, by {@code deploy/Dockerfile} in the image's own JRE. Exits non-zero, printing the
 * training log, when the jar did not come up or no cache was written.
 */
public final class AotTraining {

    /** What the console is asked: the commands people type first, each through the whole pipeline and audit. */
    static final List<String> COMMANDS = List.of("help", "help db vacuum", "whoami", "status", "db status",
            "audit since=1h", "alerts", "no-such-command", "exit");
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(Integer.getInteger("aot.training.timeoutSeconds", 300));

    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: AotTraining JAR CACHE WORKDIR [JVM flags...]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        Path cache = Path.of(args[1]).toAbsolutePath();
        Path work = Files.createDirectories(Path.of(args[2]).toAbsolutePath());
        List<String> flags = Arrays.asList(args).subList(3, args.length);
        Path log = work.resolve("training.log");
        // JDK 25 takes the classes of an AOT cache even for a jar rebuilt since (checked with a changed class): a
        // cache must never outlive the jar it was made for, so a build without training removes the old one
        Files.deleteIfExists(cache);
        if (Boolean.getBoolean("caretaker.aot.skip")) {
            System.out.println("No AOT cache for this build (caretaker.aot.skip); " + cache + " removed");
            return;
        }

        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.add("-XX:AOTCacheOutput=" + cache);
        command.addAll(List.of("-jar", jar.toString(), "console"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        // the embedded default, whatever the building shell has set
        pb.environment().keySet().removeIf(k -> k.startsWith("DATASOURCES_") || k.startsWith("SLACK_")
                || k.startsWith("DISCORD_") || k.equals("REDIS_URI") || k.equals("MICRONAUT_CONFIG_FILES"));
        long started = System.nanoTime();
        Process p = pb.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            URI base = URI.create("http://127.0.0.1:" + port);
            while (!up(http, base.resolve("/health"))) {
                if (!p.isAlive() || System.nanoTime() - started > BOOT_LIMIT.toNanos()) {
                    fail("Caretaker did not answer /health during the AOT training run", log);
                }
                Thread.sleep(50);
            }
            for (String path : List.of("/health", "/health/liveness", "/health/readiness")) {
                up(http, base.resolve(path));
            }
            try (OutputStream in = p.getOutputStream()) {
                in.write((String.join("\n", COMMANDS) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(BOOT_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                fail("Caretaker did not stop after the AOT training run's console commands", log);
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(cache) || Files.size(cache) == 0) {
            fail("The AOT training run ended with exit code " + p.exitValue() + " and wrote no cache at " + cache, log);
        }
        System.out.printf("AOT cache %s (%.0f MiB) from a training run of %.1f s%n", cache,
                Files.size(cache) / 1048576.0, (System.nanoTime() - started) / 1e9);
    }

    private static boolean up(HttpClient http, URI uri) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void fail(String why, Path log) throws IOException {
        System.err.println(why + "; its log (" + log + "):");
        System.err.println(Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(none)");
        System.exit(1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
