package dev.caretaker.alert;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Alertmanager's API v2 on loopback: creates silences ({@code POST /api/v2/silences}, answering a silence id),
 * expires them ({@code DELETE /api/v2/silence/<id>}), and lists the active alerts ({@code GET /api/v2/alerts}, the
 * fingerprints the test sets). Records every request as {@code METHOD body-or-id}.
 */
public final class FakeAlertmanager implements AutoCloseable {

    private final HttpServer server;
    private final List<String> silences = new ArrayList<>();
    private final List<String> expired = new ArrayList<>();
    private volatile int status = 200;
    private volatile Set<String> active = Set.of();

    public FakeAlertmanager() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v2/silences", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int n;
            synchronized (silences) {
                silences.add(ex.getRequestMethod() + " " + body);
                n = silences.size();
            }
            answer(ex, status, status == 200 ? "{\"silenceID\":\"8f0c-silence-" + n + "\"}" : "{\"message\":\"bad matchers\"}");
        });
        server.createContext("/api/v2/silence/", ex -> {
            String id = ex.getRequestURI().getPath().substring("/api/v2/silence/".length());
            synchronized (silences) {
                expired.add(ex.getRequestMethod() + " " + id);
            }
            answer(ex, status, "");
        });
        server.createContext("/api/v2/alerts", ex -> answer(ex, 200, active.stream()
                .map(fp -> "{\"fingerprint\":\"" + fp + "\",\"labels\":{},\"status\":{\"state\":\"suppressed\"}}")
                .collect(Collectors.joining(",", "[", "]"))));
        server.start();
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void status(int status) {
        this.status = status;
    }

    /** The fingerprints {@code GET /api/v2/alerts} answers as active. */
    public void active(Set<String> fingerprints) {
        this.active = Set.copyOf(fingerprints);
    }

    /** Silences created, as {@code POST <json>}. */
    public List<String> silences() {
        synchronized (silences) {
            return List.copyOf(silences);
        }
    }

    /** Silences expired, as {@code DELETE <id>}. */
    public List<String> expired() {
        synchronized (silences) {
            return List.copyOf(expired);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
