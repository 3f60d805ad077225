package dev.caretaker.digest;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Many HTTP targets on one loopback server: {@code /t/<n>} answers 200, except the paths told to fail (503) or to
 * be slow; {@link #targetProperties} declares them as {@code caretaker.targets.*}.
 */
public final class LoopbackTargets implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService pool;

    public LoopbackTargets(int failing, Duration slow, int slowTarget) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pool = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "loopback-targets");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/t/", exchange -> {
            int n = Integer.parseInt(exchange.getRequestURI().getPath().substring(3));
            if (n == slowTarget) {
                try {
                    Thread.sleep(slow.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(n == failing ? 503 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public String url(int n) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/t/" + n;
    }

    public static String name(int n) {
        return String.format("web-%03d", n);
    }

    /** {@code caretaker.targets.web-001.type: http}, {@code url: …} for targets 1..count. */
    public Map<String, Object> targetProperties(int count) {
        Map<String, Object> p = new HashMap<>();
        for (int n = 1; n <= count; n++) {
            p.put("caretaker.targets." + name(n) + ".type", "http");
            p.put("caretaker.targets." + name(n) + ".url", url(n));
        }
        return p;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
