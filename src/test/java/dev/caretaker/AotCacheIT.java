package dev.caretaker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AOT cache the build writes after {@code package} (target/caretaker.aot) is one the JVM takes for this jar, and
 * the README's run command starts whatever the cache is: missing, corrupt, or made for another jar costs only speed.
 * Run by failsafe after {@code package}.
 */
class AotCacheIT {

    private static final Path JAR = Path.of("target", "caretaker.jar").toAbsolutePath();
    private static final Path CACHE = Path.of("target", "caretaker.aot").toAbsolutePath();
    /** The flags of the README's run command. */
    private static final List<String> README_FLAGS = List.of("-XX:AOTCache=%s", "-Xlog:aot*=off");

    @TempDir
    Path tmp;

    @Test
    void theBuildsCacheIsTakenForThisJar() throws Exception {
        assertTrue(Files.isRegularFile(CACHE), "mvn package writes target/caretaker.aot (unless -Dcaretaker.aot.skip=true)");
        // AOTMode=on refuses to start when the cache cannot be used, where the default (auto) would go on without it
        // the JVM may still note parts of the cache it could not link on this CPU (aot,codecache tags): the README's
        // flags keep that out of what the user reads, and the cache's classes are taken all the same
        Result r = java(List.of("-XX:AOTMode=on", "-XX:AOTCache=" + CACHE, "-Xlog:aot*=off"), "help");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.stdout().startsWith("Usage: java -jar caretaker.jar"), r.output());
    }

    @Test
    void aCorruptCacheOnlyCostsSpeed() throws Exception {
        Path corrupt = tmp.resolve("corrupt.aot");
        Files.write(corrupt, "not an AOT cache at all".repeat(4096).getBytes(StandardCharsets.UTF_8));
        Result r = java(readmeFlags(corrupt), "run", "help");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.stdout().startsWith("Caretaker commands"), "the answer, and nothing about the cache: " + r.stdout());
    }

    @Test
    void aMissingCacheOnlyCostsSpeed() throws Exception {
        Result r = java(readmeFlags(tmp.resolve("no-such.aot")), "help");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.stdout().startsWith("Usage: java -jar caretaker.jar"), r.stdout());
    }

    @Test
    void aCacheMadeForAnotherJarOnlyCostsSpeed() throws Exception {
        // another build of the jar, as after a rebuild that left the old cache behind: one more entry in it
        Path other = Files.copy(JAR, Files.createDirectories(tmp.resolve("other")).resolve("caretaker.jar"));
        try (FileSystem zip = FileSystems.newFileSystem(other)) {
            Files.writeString(zip.getPath("another-build.txt"), "not the jar the cache is for");
        }
        Path otherCache = tmp.resolve("other.aot");
        Process training = new ProcessBuilder(javaBinary(), "-XX:AOTCacheOutput=" + otherCache, "-Xlog:aot*=off", "-jar",
                other.toString(), "help").directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("training.txt").toFile()).start();
        assertTrue(training.waitFor(120, TimeUnit.SECONDS), "training of the other jar ended");
        assertTrue(Files.size(otherCache) > 0, Files.readString(tmp.resolve("training.txt")));
        Result r = java(readmeFlags(otherCache), "help");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.stdout().startsWith("Usage: java -jar caretaker.jar"), r.stdout());
    }

    @Test
    void aBuildWithoutTrainingRemovesTheCacheOfThePreviousJar() throws Exception {
        // JDK 25 would take an old cache's classes for a rebuilt jar, so no cache may outlive its jar
        Path old = Files.writeString(tmp.resolve("caretaker.aot"), "the previous build's cache");
        Process p = new ProcessBuilder(javaBinary(), "-Dcaretaker.aot.skip=true",
                Path.of("src/build/java/dev/caretaker/build/AotTraining.java").toAbsolutePath().toString(),
                JAR.toString(), old.toString(), tmp.resolve("training").toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("skip.txt").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("skip.txt")));
        assertFalse(Files.exists(old), "the old cache is gone");
    }

    private static List<String> readmeFlags(Path cache) {
        return README_FLAGS.stream().map(f -> f.formatted(cache)).toList();
    }

    private record Result(int exit, String stdout, String output) {
    }

    private Result java(List<String> flags, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(flags);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(command).directory(tmp.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "java " + String.join(" ", args) + " ended");
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        return new Result(p.exitValue(), stdout, stdout + Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
