package dev.caretaker.action.builtin.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Another client of the server: a separate JVM that sends {@code PING} over a plain socket in a loop and reports how
 * long the longest one waited for {@code +PONG}. Its own process keeps the measurement free of the test JVM's garbage
 * collection; a second thread that only wakes every millisecond notices when the loop's own process could not run
 * (a busy machine), and that time is not counted as waiting on Redis. {@link #worstRaw()} keeps the plain figure.
 */
public final class PingLoop implements AutoCloseable {

    private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
    /** A wake-up later than this means the process was not running. */
    private static final long STALL_NANOS = Duration.ofMillis(5).toNanos();

    private final Process process;
    private long count = -1;
    private Duration worst = Duration.ZERO;
    private Duration worstRaw = Duration.ZERO;

    /** Starts the loop and returns once its first PING was answered. */
    public PingLoop(int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the loop needs nothing but the JDK and this class, wherever the caller's own class path came from
        String classes;
        try {
            classes = Path.of(PingLoop.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IOException("cannot locate the ping loop's class", e);
        }
        process = new ProcessBuilder(List.of(java, "-cp", classes, "-Xmx32m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", PingLoop.class.getName(), String.valueOf(port)))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String ready = readLine(process.getInputStream());
        if (!ready.equals("ready")) {
            process.destroyForcibly();
            throw new IOException("the ping loop did not start: " + ready);
        }
    }

    /** Stops the loop after its current PING and reads what it measured. */
    public void stop() throws IOException {
        if (count >= 0) {
            return;
        }
        process.getOutputStream().close();
        String[] result = readLine(process.getInputStream()).split(" ");
        count = Long.parseLong(result[0]);
        worst = Duration.ofNanos(Long.parseLong(result[1]));
        worstRaw = Duration.ofNanos(Long.parseLong(result[2]));
    }

    /** The longest wait on Redis: a PING's time minus the time its process could not run meanwhile. */
    public Duration worst() {
        return worst;
    }

    /** The longest PING as the clock saw it, busy machine included. */
    public Duration worstRaw() {
        return worstRaw;
    }

    public long count() {
        return count;
    }

    @Override
    public void close() {
        process.destroy();
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }

    /** Set when the test closes the loop's standard input. */
    private static volatile boolean closed;
    /** Stalls of this process seen by the watcher thread: pairs of start and end nanos. */
    private static final List<long[]> STALLS = new ArrayList<>();

    /** The loop itself: PING until standard input closes, then print "count worst-nanos worst-raw-nanos". */
    public static void main(String[] args) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), Integer.parseInt(args[0]))) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            ping(out, in);
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // nothing is ever written; only the close matters
                    }
                } catch (IOException e) {
                    // a broken pipe is a close too
                }
                closed = true;
            });
            Thread.ofPlatform().daemon().start(() -> {
                while (!closed) {
                    long before = System.nanoTime();
                    LockSupport.parkNanos(1_000_000);
                    long after = System.nanoTime();
                    if (after - before > STALL_NANOS) {
                        synchronized (STALLS) {
                            STALLS.add(new long[] {before + 1_000_000, after});
                        }
                    }
                }
            });
            System.out.println("ready");
            System.out.flush();
            List<long[]> pings = new ArrayList<>();
            while (!closed) {
                long start = System.nanoTime();
                ping(out, in);
                pings.add(new long[] {start, System.nanoTime()});
            }
            long worst = 0;
            long worstRaw = 0;
            synchronized (STALLS) {
                for (long[] p : pings) {
                    long waited = p[1] - p[0];
                    for (long[] s : STALLS) {
                        waited -= Math.max(0, Math.min(p[1], s[1]) - Math.max(p[0], s[0]));
                    }
                    worst = Math.max(worst, waited);
                    worstRaw = Math.max(worstRaw, p[1] - p[0]);
                }
            }
            System.out.println(pings.size() + " " + worst + " " + worstRaw);
            System.out.flush();
        }
    }

    private static void ping(OutputStream out, InputStream in) throws IOException {
        out.write(PING);
        out.flush();
        byte[] pong = in.readNBytes(7);
        if (!new String(pong, StandardCharsets.US_ASCII).equals("+PONG\r\n")) {
            throw new IOException("unexpected answer to PING");
        }
    }
}
