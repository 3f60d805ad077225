package dev.caretaker.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server (PostgreSQL, the fake Slack), that injects network faults:
 * {@link Mode#RESET} answers every connection with a reset (and resets the ones open), {@link Mode#HANG} accepts and
 * never answers, {@link Mode#PASS} forwards bytes as they are. Test scope; every thread it starts ends at {@link #close}.
 */
final class FaultyProxy implements AutoCloseable {

    enum Mode { PASS, RESET, HANG }

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger faulted = new AtomicInteger();
    private volatile Mode mode = Mode.PASS;

    FaultyProxy(int upstreamPort) {
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
        threads.submit(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted in a fault mode (reset or left hanging). */
    int faulted() {
        return faulted.get();
    }

    int accepted() {
        return accepted.get();
    }

    /** Switches mode; RESET also resets every connection open now, as a server restart or a failover does. */
    void mode(Mode next) {
        mode = next;
        if (next == Mode.RESET) {
            for (Socket s : open) {
                reset(s);
            }
            open.clear();
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            Mode now = mode;
            switch (now) {
                case RESET -> {
                    faulted.incrementAndGet();
                    reset(client);
                }
                case HANG -> {
                    faulted.incrementAndGet();
                    open.add(client);
                    threads.submit(() -> drain(client));
                }
                case PASS -> threads.submit(() -> forward(client));
            }
        }
    }

    private void forward(Socket client) {
        try {
            Socket server = new Socket(upstream.getAddress(), upstream.getPort());
            open.add(client);
            open.add(server);
            threads.submit(() -> pump(client, server));
            pump(server, client);
        } catch (IOException e) {
            reset(client);
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away (or was reset on purpose): close the other
        } finally {
            close(from);
            close(to);
        }
    }

    /** Reads and drops whatever the client sends, answering nothing. */
    private void drain(Socket client) {
        byte[] buf = new byte[4096];
        try (InputStream in = client.getInputStream()) {
            while (in.read(buf) >= 0) {
                // never answered
            }
        } catch (IOException e) {
            // the client gave up
        }
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        close(s);
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing
        }
        for (Socket s : open) {
            close(s);
        }
        threads.shutdownNow();
    }
}
