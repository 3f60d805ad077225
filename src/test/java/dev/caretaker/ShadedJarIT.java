package dev.caretaker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shaded jar an operator runs: at most 60 MiB, one platform's PostgreSQL, none of the libraries dropped
 * because nothing calls them, and still whole: it runs a command on its embedded PostgreSQL and renders the
 * digest chart with nothing but itself on the class path. Run by failsafe after {@code package}.
 */
class ShadedJarIT {

    private static final long LIMIT = 60L * 1024 * 1024;
    private static final Path JAR = Path.of("target", "caretaker.jar").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void theJarIsAtMostSixtyMebibytes() throws IOException {
        long size = Files.size(JAR);
        assertTrue(size <= LIMIT, String.format("target/caretaker.jar is %.1f MiB, over the 60 MiB limit; "
                + "mvn dependency:tree shows what brought the growth", size / 1048576.0));
    }

    @Test
    void itCarriesOneLinuxPostgresAndNoneOfTheDroppedLibraries() throws IOException {
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            List<String> postgres = jar.stream().map(ZipEntry::getName).filter(n -> n.matches("postgres-.*\\.txz")).toList();
            assertEquals(1, postgres.size(), "one embedded PostgreSQL: " + postgres);
            assertTrue(postgres.getFirst().matches("postgres-linux-(x86_64|arm_64)\\.txz"), postgres.getFirst());
            // XChart's PDF / SVG / GIF export, JDA's voice encryption, Prometheus' protobuf format: nothing calls them
            for (String dropped : List.of("org/apache/pdfbox/", "org/apache/fontbox/", "de/rototor/", "de/erichseifert/",
                    "com/madgag/", "com/google/crypto/tink/", "com/google/protobuf/", "io/prometheus/metrics/shaded/",
                    "org/junit/")) {
                assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith(dropped)), dropped + " is back in the jar");
            }
        }
    }

    @Test
    void itRunsACommandOnItsEmbeddedPostgres() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString(), "run", "db status").directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("out.txt").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "run \"db status\" ended");
        String out = Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("[ok] PostgreSQL `caretaker`: database postgres, version 17."), out);
    }

    @Test
    void itRendersTheDigestChartWithNothingButItself() throws Exception {
        try (URLClassLoader jar = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> renderer = jar.loadClass("dev.caretaker.digest.ChartRenderer");
            Class<?> point = jar.loadClass("dev.caretaker.digest.ChartRenderer$Point");
            Object a = point.getConstructor(Instant.class, double.class).newInstance(Instant.parse("2025-06-02T08:00:00Z"), 12.0);
            Object b = point.getConstructor(Instant.class, double.class).newInstance(Instant.parse("2025-06-02T09:00:00Z"), 30.0);
            Method lines = renderer.getMethod("lines", String.class, String.class, String.class, Map.class, ZoneId.class);
            Optional<?> image = (Optional<?>) lines.invoke(renderer.getConstructor().newInstance(), "Latency", "ms",
                    "latency.png", Map.of("api", List.of(a, b)), ZoneId.of("UTC"));
            byte[] png = (byte[]) image.orElseThrow().getClass().getMethod("png").invoke(image.orElseThrow());
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
            assertTrue(png.length > 5_000, "a drawn 800x400 chart, not an empty image: " + png.length + " bytes");
        }
    }
}
