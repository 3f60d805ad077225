package dev.caretaker.support;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** An embedded Redis server on 127.0.0.1 and a free port, for tests of the Redis coordinator and Redis targets. */
public final class TestRedis implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    public TestRedis() {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            server = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"")
                    .setting("appendonly no").build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded Redis did not start", e);
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the server as if it died: every client loses its connection; {@link #start()} brings it back on the same port. */
    public void stop() {
        try {
            if (server.isActive()) {
                server.stop();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("embedded Redis did not stop", e);
        }
    }

    /** Starts the server again on the same port after {@link #stop()}, empty (it keeps nothing on disk). */
    public void start() {
        try {
            if (!server.isActive()) {
                server.start();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("embedded Redis did not start again", e);
        }
    }

    @Override
    public void close() throws IOException {
        if (server.isActive()) {
            server.stop();
        }
    }
}
