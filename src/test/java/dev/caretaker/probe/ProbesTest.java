package dev.caretaker.probe;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.caretaker.probe.builtin.DiskProbe;
import dev.caretaker.probe.builtin.HttpProbe;
import dev.caretaker.probe.builtin.PrometheusProbe;
import dev.caretaker.probe.builtin.TcpProbe;
import dev.caretaker.probe.builtin.TlsProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each built-in probe against a real loopback server (HTTP, HTTPS with a fresh certificate, TCP, Prometheus). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProbesTest {

    /** What the context builds: one shared client that follows no redirects, and a plain object mapper. */
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static final Duration EVERY = Duration.ofMinutes(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private final Clock clock = Clock.systemUTC();
    private final List<HttpServer> servers = new ArrayList<>();
    private final AtomicReference<String> lastQuery = new AtomicReference<>();
    private HttpServer web;
    private HttpServer prometheus;

    @BeforeAll
    void start() throws Exception {
        web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        web.createContext("/health", ex -> answer(ex, 200, "{\"status\":\"ok\",\"checks\":{\"db\":\"up\",\"redis\":\"down\"}}"));
        web.createContext("/down", ex -> answer(ex, 503, "maintenance"));
        web.createContext("/slow", ex -> {
            sleep(300);
            answer(ex, 200, "ok");
        });
        web.start();
        servers.add(web);
        prometheus = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        prometheus.createContext("/api/v1/query", ex -> {
            String q = URLDecoder.decode(ex.getRequestURI().getRawQuery().substring("query=".length()), StandardCharsets.UTF_8);
            lastQuery.set(q);
            if (q.startsWith("error_rate")) {
                answer(ex, 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                        + "{\"metric\":{\"service\":\"web\"},\"value\":[1764140105.1,\"0.072\"]},"
                        + "{\"metric\":{\"service\":\"api\"},\"value\":[1764140105.1,\"0.01\"]}]}}");
            } else if (q.startsWith("absent")) {
                answer(ex, 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
            } else {
                answer(ex, 400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 3\"}");
            }
        });
        prometheus.start();
        servers.add(prometheus);
    }

    @AfterAll
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    private static void answer(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private URI url(HttpServer s, String path) {
        return URI.create("http://127.0.0.1:" + s.getAddress().getPort() + path);
    }

    private HttpProbe http(String path, String body, String json, Thresholds t) {
        return new HttpProbe("web", EVERY, TIMEOUT, clock, HTTP, JSON, url(web, path), 200, body, json, t);
    }

    @Test
    void httpChecksStatusBodyJsonFieldAndLatency() {
        Thresholds lenient = Thresholds.above(500.0, 2000.0);
        ProbeResult ok = http("/health", "\"ok\"", "checks.db=up", lenient).check();
        assertEquals(ProbeStatus.OK, ok.status(), ok.detail());
        assertEquals("ms", ok.unit());
        assertEquals("http", ok.probe());

        ProbeResult down = http("/down", null, null, lenient).check();
        assertEquals(ProbeStatus.CRITICAL, down.status());
        assertTrue(down.detail().contains("answered HTTP 503, expected 200"), down.detail());

        ProbeResult body = http("/health", "healthy", null, lenient).check();
        assertEquals(ProbeStatus.CRITICAL, body.status());
        assertTrue(body.detail().contains("without `healthy`"), body.detail());

        ProbeResult json = http("/health", null, "checks.redis=up", lenient).check();
        assertEquals(ProbeStatus.CRITICAL, json.status());
        assertTrue(json.detail().contains("`checks.redis` = `down`, expected `up`"), json.detail());

        ProbeResult slow = http("/slow", null, null, Thresholds.above(100.0, 2000.0)).check();
        assertEquals(ProbeStatus.WARN, slow.status(), slow.detail());
        assertTrue(slow.value() >= 300, "latency " + slow.value());
        assertTrue(slow.detail().contains("(above 100 ms)"), slow.detail());
    }

    @Test
    void httpToAClosedPortIsCriticalWithTheReason() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProbeResult r = new HttpProbe("web", EVERY, TIMEOUT, clock, HTTP, JSON, URI.create("http://127.0.0.1:" + port + "/health"),
                200, null, null, Thresholds.above(500.0, 2000.0)).check();
        assertEquals(ProbeStatus.CRITICAL, r.status());
        assertTrue(r.detail().startsWith("Could not check http://127.0.0.1:" + port + "/health: "), r.detail());
        assertNull(r.value());
    }

    @Test
    void tcpConnectsOrIsCritical() throws Exception {
        try (ServerSocket open = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ProbeResult up = new TcpProbe("cache", EVERY, TIMEOUT, clock, "127.0.0.1", open.getLocalPort(),
                    Thresholds.above(500.0, 2000.0)).check();
            assertEquals(ProbeStatus.OK, up.status(), up.detail());
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        ProbeResult down = new TcpProbe("cache", EVERY, TIMEOUT, clock, "127.0.0.1", closed,
                Thresholds.above(500.0, 2000.0)).check();
        assertEquals(ProbeStatus.CRITICAL, down.status());
        assertTrue(down.detail().contains("127.0.0.1:" + closed), down.detail());
    }

    @Test
    void diskReportsUsedPercentAgainstTheLevels(@TempDir Path dir) {
        ProbeResult r = new DiskProbe("data", EVERY, TIMEOUT, clock, dir, Thresholds.above(80.0, 90.0)).check();
        assertTrue(r.value() > 0 && r.value() < 100, "used " + r.value());
        assertEquals("%", r.unit());
        assertEquals(dfUsePercent(dir), r.value(), 1.0, "the same figure an operator sees in df");
        ProbeResult tight = new DiskProbe("data", EVERY, TIMEOUT, clock, dir, Thresholds.above(0.0, 100.0)).check();
        assertEquals(ProbeStatus.WARN, tight.status());
        assertTrue(tight.detail().startsWith("Disk used at " + dir + ": "), tight.detail());
        ProbeResult missing = new DiskProbe("data", EVERY, TIMEOUT, clock, dir.resolve("nope"),
                Thresholds.above(80.0, 90.0)).check();
        assertEquals(ProbeStatus.CRITICAL, missing.status());
    }

    @Test
    void tlsCountsDaysToExpiryOfASelfSignedCertificate(@TempDir Path dir) throws Exception {
        assertEquals(ProbeStatus.CRITICAL, tls(dir, 5).status());
        ProbeResult warn = tls(dir, 20);
        assertEquals(ProbeStatus.WARN, warn.status(), warn.detail());
        assertTrue(warn.value() >= 19 && warn.value() <= 20, "days " + warn.value());
        assertTrue(warn.detail().contains("in 19 days (below 30 days)"), warn.detail());
        assertEquals(ProbeStatus.OK, tls(dir, 90).status());
    }

    private ProbeResult tls(Path dir, int validityDays) throws Exception {
        Path keystore = dir.resolve("ks-" + validityDays + ".p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "probe", "-keyalg", "RSA", "-keysize", "2048", "-validity",
                String.valueOf(validityDays), "-dname", "CN=localhost", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(ssl));
        https.createContext("/", ex -> answer(ex, 200, "ok"));
        https.start();
        try {
            return new TlsProbe("site", EVERY, TIMEOUT, clock, "127.0.0.1", https.getAddress().getPort(),
                    Thresholds.below(30.0, 7.0)).check();
        } finally {
            https.stop(0);
        }
    }

    @Test
    void prometheusJudgesTheWorstSeriesAndSaysWhenThereIsNoData() {
        URI base = url(prometheus, "");
        ProbeResult high = new PrometheusProbe("errors", EVERY, TIMEOUT, clock, HTTP, JSON, base,
                "error_rate{job=\"web\"} > 0", Thresholds.above(0.01, 0.05), "").check();
        assertEquals("error_rate{job=\"web\"} > 0", lastQuery.get(), "the query arrives intact");
        assertEquals(ProbeStatus.CRITICAL, high.status(), high.detail());
        assertEquals(0.072, high.value(), 1e-9);

        ProbeResult none = new PrometheusProbe("errors", EVERY, TIMEOUT, clock, HTTP, JSON, base, "absent_metric",
                Thresholds.above(0.01, 0.05), "").check();
        assertEquals(ProbeStatus.WARN, none.status());
        assertTrue(none.detail().contains("returned no data"), none.detail());

        ProbeResult bad = new PrometheusProbe("errors", EVERY, TIMEOUT, clock, HTTP, JSON, base, "rate(", Thresholds.above(1.0, 2.0), "")
                .check();
        assertEquals(ProbeStatus.CRITICAL, bad.status());
        assertTrue(bad.detail().contains("parse error at char 3"), bad.detail());
    }

    @Test
    void runnerBoundsConcurrencyAndTurnsTimeoutsAndCrashesIntoCritical() {
        // the virtual-thread executor Micronaut's blocking executor is on JDK 25
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        ProbeRunner runner = new ProbeRunner(clock, threads, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        try {
            java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
            List<Probe> probes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                probes.add(fake("p" + i, Duration.ofSeconds(2), () -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    sleep(100);
                    running.decrementAndGet();
                    return ProbeStatus.OK;
                }));
            }
            probes.add(fake("hangs", Duration.ofMillis(200), () -> {
                sleep(3000);
                return ProbeStatus.OK;
            }));
            probes.add(fake("throws", Duration.ofSeconds(1), () -> {
                throw new IllegalStateException("boom");
            }));
            long start = System.nanoTime();
            List<ProbeResult> results = runner.runAll(probes, 3);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(10, results.size());
            assertTrue(most.get() <= 3, "at most 3 at once, saw " + most.get());
            assertEquals("hangs", results.get(8).probe());
            assertEquals(ProbeStatus.CRITICAL, results.get(8).status());
            assertEquals("No answer within 0.2s.", results.get(8).detail());
            assertEquals(ProbeStatus.CRITICAL, results.get(9).status());
            assertTrue(results.get(9).detail().contains("IllegalStateException"), results.get(9).detail());
            assertTrue(results.subList(0, 8).stream().allMatch(r -> r.status() == ProbeStatus.OK));
            assertTrue(ms < 2500, "a hanging probe does not hold the run: " + ms + " ms");
        } finally {
            threads.shutdownNow();
        }
    }

    private Probe fake(String name, Duration timeout, java.util.function.Supplier<ProbeStatus> body) {
        return new Probe() {
            public String target() {
                return "fake";
            }

            public String name() {
                return name;
            }

            public Duration interval() {
                return EVERY;
            }

            public Duration timeout() {
                return timeout;
            }

            public ProbeResult check() {
                ProbeStatus s = body.get();
                return new ProbeResult("fake", name, s, 1.0, "", "", Duration.ZERO, clock.instant());
            }
        };
    }

    /** df's Use% for the file system holding {@code dir}, as operators read it. */
    private static double dfUsePercent(Path dir) {
        try {
            Process df = new ProcessBuilder("df", "--output=pcent", dir.toString()).redirectErrorStream(true).start();
            String out = new String(df.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            df.waitFor();
            String[] lines = out.trim().split("\\R");
            return Double.parseDouble(lines[lines.length - 1].trim().replace("%", ""));
        } catch (Exception e) {
            throw new IllegalStateException("df did not answer", e);
        }
    }
}
