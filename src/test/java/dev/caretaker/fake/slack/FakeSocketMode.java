package dev.caretaker.fake.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Slack's Socket Mode end: a WebSocket on 127.0.0.1 that greets each connection with {@code hello},
 * sends envelopes ({@code slash_commands}, {@code events_api}, {@code interactive}) to the connected app
 * and records the acknowledgement (with its response payload) for each envelope id.
 */
public final class FakeSocketMode implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Server server;
    private final Map<String, JsonNode> acks = new ConcurrentHashMap<>();
    private final List<WebSocket> connections = new CopyOnWriteArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private final Object changed = new Object();

    private FakeSocketMode() {
        this.server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    static FakeSocketMode start() {
        FakeSocketMode fake = new FakeSocketMode();
        fake.server.setReuseAddr(true);
        fake.server.setDaemon(true);
        fake.server.start();
        try {
            if (!fake.started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the fake Socket Mode server did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return fake;
    }

    /** The URL {@code apps.connections.open} hands out. */
    public String url() {
        return "ws://127.0.0.1:" + server.getPort() + "/link/?ticket=" + UUID.randomUUID();
    }

    public int connectionCount() {
        return connections.size();
    }

    /** Waits until at least one app is connected (and greeted). */
    public void awaitConnection(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        synchronized (changed) {
            while (connections.isEmpty()) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    throw new AssertionError("no Socket Mode connection within " + timeout);
                }
                waitOn(left);
            }
        }
    }

    /** Sends an envelope of {@code type} with {@code payload} to the first connection; answers its envelope id. */
    public String send(String type, JsonNode payload, boolean acceptsResponsePayload, Integer retryAttempt) {
        String envelopeId = UUID.randomUUID().toString();
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("envelope_id", envelopeId);
        envelope.put("type", type);
        envelope.set("payload", payload);
        envelope.put("accepts_response_payload", acceptsResponsePayload);
        if (retryAttempt != null) {
            envelope.put("retry_attempt", retryAttempt);
            envelope.put("retry_reason", "timeout");
        }
        if (connections.isEmpty()) {
            throw new AssertionError("no app is connected over Socket Mode");
        }
        connections.get(0).send(envelope.toString());
        return envelopeId;
    }

    /** Waits for the app's acknowledgement of an envelope; answers the whole ack message. */
    public JsonNode awaitAck(String envelopeId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        synchronized (changed) {
            while (!acks.containsKey(envelopeId)) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    throw new AssertionError("no ack for envelope " + envelopeId + " within " + timeout);
                }
                waitOn(left);
            }
            return acks.get(envelopeId);
        }
    }

    private void waitOn(long millis) {
        try {
            changed.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Server extends WebSocketServer {

        Server(InetSocketAddress address) {
            super(address);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            conn.send("{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"fake\"},"
                    + "\"connection_info\":{\"app_id\":\"A0TEST\"}}");
            synchronized (changed) {
                connections.add(conn);
                changed.notifyAll();
            }
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            connections.remove(conn);
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            try {
                JsonNode node = JSON.readTree(message);
                if (node.hasNonNull("envelope_id")) {
                    synchronized (changed) {
                        acks.put(node.get("envelope_id").asText(), node);
                        changed.notifyAll();
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("the app sent something that is not JSON: " + message, e);
            }
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            // Connection errors show up in the test as a missing ack; nothing to do here.
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }
}
