package dev.caretaker.alert;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Alertmanager's API v2 silences endpoint on loopback: records what it was sent, answers a silence id. */
final class FakeAlertmanager implements AutoCloseable {

    private final HttpServer server;
    private final List<String> silences = new ArrayList<>();
    private volatile int status = 200;

    FakeAlertmanager() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v2/silences", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (silences) {
                silences.add(ex.getRequestMethod() + " " + body);
            }
            byte[] answer = (status == 200 ? "{\"silenceID\":\"8f0c-silence-" + silences.size() + "\"}"
                    : "{\"message\":\"bad matchers\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void status(int status) {
        this.status = status;
    }

    List<String> silences() {
        synchronized (silences) {
            return List.copyOf(silences);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
