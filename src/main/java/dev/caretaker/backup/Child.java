package dev.caretaker.backup;

import dev.caretaker.security.Argv;
import io.micronaut.scheduling.TaskScheduler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One PostgreSQL client program ({@code pg_dump}, {@code pg_restore}, {@code psql}) run as a child process: an argv,
 * never a shell; an environment without the inherited {@code PG*} variables plus the connection's own (the password
 * only there). Its standard error is kept (the last few KiB) for the log and for the one sentence users read. When the
 * thread that started it is interrupted (the command's timeout), a watchdog stops the child, so a read of its output
 * that would block ends too.
 */
final class Child implements AutoCloseable {

    private static final int STDERR_KEPT = 16 * 1024;
    private static final Duration WATCH = Duration.ofMillis(500);

    private final Process process;
    private final Future<byte[]> stderr;
    private final ScheduledFuture<?> watchdog;

    private Child(Process process, Future<byte[]> stderr, ScheduledFuture<?> watchdog) {
        this.process = process;
        this.stderr = stderr;
        this.watchdog = watchdog;
    }

    /**
     * @param threads   reads standard error (a virtual thread)
     * @param scheduler runs the watchdog
     */
    static Child start(List<String> argv, Map<String, String> env, ExecutorService threads, TaskScheduler scheduler)
            throws IOException {
        ProcessBuilder pb = Argv.builder(argv);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().putAll(env);
        Process p = pb.start();
        Future<byte[]> err = threads.submit(() -> tail(p.getErrorStream()));
        Thread owner = Thread.currentThread();
        ScheduledFuture<?> watch = scheduler.scheduleAtFixedRate(WATCH, WATCH, () -> {
            if (owner.isInterrupted() && p.isAlive()) {
                stop(p);
            }
        });
        return new Child(p, err, watch);
    }

    InputStream stdout() {
        return process.getInputStream();
    }

    OutputStream stdin() {
        return process.getOutputStream();
    }

    /** Waits for the child to end and answers its exit code. */
    int await() throws InterruptedException {
        return process.waitFor();
    }

    /** Waits at most {@code wait} for the child to end. */
    boolean await(Duration wait) throws InterruptedException {
        return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The end of what the child wrote to standard error (after it ended). */
    String stderr() {
        try {
            return new String(stderr.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "";
        }
    }

    /** The first line of standard error that says what went wrong, without the program's prefix. */
    String errorLine() {
        String text = stderr();
        String fallback = "";
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            for (String prefix : List.of("pg_dump: ", "pg_restore: ", "psql: ")) {
                if (l.startsWith(prefix)) {
                    l = l.substring(prefix.length());
                }
            }
            if (l.startsWith("error: ") || l.startsWith("ERROR: ") || l.startsWith("FATAL: ")) {
                return l.substring(l.indexOf(' ') + 1);
            }
            if (fallback.isEmpty()) {
                fallback = l;
            }
        }
        return fallback;
    }

    private static byte[] tail(InputStream in) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        try (in) {
            while ((n = in.read(buf)) >= 0) {
                kept.write(buf, 0, n);
                if (kept.size() > 2 * STDERR_KEPT) {
                    byte[] all = kept.toByteArray();
                    kept.reset();
                    // the start says what went wrong first; keep it and the latest lines
                    kept.write(all, 0, STDERR_KEPT / 2);
                    kept.write(all, all.length - STDERR_KEPT / 2, STDERR_KEPT / 2);
                }
            }
        } catch (IOException e) {
            // the child was stopped; keep what arrived
        }
        return kept.toByteArray();
    }

    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
    }

    /** Stops the child if it still runs (a failure or a timeout on our side) and the watchdog. */
    @Override
    public void close() {
        watchdog.cancel(false);
        if (process.isAlive()) {
            stop(process);
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // the child is gone
        }
    }
}
