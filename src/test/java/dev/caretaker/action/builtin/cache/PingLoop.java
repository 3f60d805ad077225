package dev.caretaker.action.builtin.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Another client of the server: a separate JVM that sends {@code PING} over a plain socket in a loop and reports the
 * longest wait for {@code +PONG}. Its own process keeps the measurement free of the test JVM's garbage collection
 * pauses and of any client library's event loop; what it sees is what any other client of the server would.
 */
public final class PingLoop implements AutoCloseable {

    private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Process process;
    private long count = -1;
    private Duration worst = Duration.ZERO;

    /** Starts the loop and returns once its first PING was answered. */
    public PingLoop(int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), "-Xmx32m",
                PingLoop.class.getName(), String.valueOf(port))).redirectError(ProcessBuilder.Redirect.INHERIT).start();
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
    }

    public Duration worst() {
        return worst;
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

    /** The loop itself: PING until standard input closes, then print "count worst-nanos". */
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
            System.out.println("ready");
            System.out.flush();
            long count = 0;
            long worst = 0;
            while (!closed) {
                long start = System.nanoTime();
                ping(out, in);
                worst = Math.max(worst, System.nanoTime() - start);
                count++;
            }
            System.out.println(count + " " + worst);
            System.out.flush();
        }
    }

    /** Set when the test closes the loop's standard input. */
    private static volatile boolean closed;

    private static void ping(OutputStream out, InputStream in) throws IOException {
        out.write(PING);
        out.flush();
        byte[] pong = in.readNBytes(7);
        if (!new String(pong, StandardCharsets.US_ASCII).equals("+PONG\r\n")) {
            throw new IOException("unexpected answer to PING");
        }
    }
}
