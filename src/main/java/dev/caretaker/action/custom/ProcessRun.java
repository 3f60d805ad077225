package dev.caretaker.action.custom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one program from an argv, never through a shell, with stdout and stderr merged, a timeout, and a bound on the
 * output kept: the first bytes (a command's answer) or the last (a log's newest lines). Whatever happens, the process
 * and everything it started are gone when {@link #run} returns, also when the caller's thread is interrupted.
 */
public final class ProcessRun {

    /** Which part of an output longer than the bound is kept. */
    public enum Keep { FIRST, LAST }

    /** What came of a run. */
    public sealed interface Result {

        /**
         * The program ran and exited; {@code truncated} when output beyond the bound was dropped. {@code errors} is its
         * stderr when the spec kept it apart (the start of it), else empty.
         */
        record Finished(int exitCode, byte[] output, boolean truncated, byte[] errors) implements Result {

            public Finished(int exitCode, byte[] output, boolean truncated) {
                this(exitCode, output, truncated, new byte[0]);
            }

            public String text() {
                return new String(output, StandardCharsets.UTF_8);
            }

            public String errorText() {
                return new String(errors, StandardCharsets.UTF_8);
            }
        }

        /** The program was still running at the timeout and was stopped. */
        record TimedOut() implements Result {
        }

        /** The program is not on the path, or could not be started. */
        record CannotStart(String program) implements Result {
        }
    }

    /**
     * What to run and how.
     *
     * @param separateErrors keep stderr apart from stdout (a program whose stdout is JSON and whose stderr is warnings)
     */
    public record Spec(List<String> argv, Duration timeout, int maxBytes, Keep keep, Map<String, String> env,
                       Path workdir, boolean separateErrors) {

        public Spec {
            argv = List.copyOf(argv);
            env = env == null ? Map.of() : Map.copyOf(env);
        }

        public Spec(List<String> argv, Duration timeout, int maxBytes, Keep keep, Map<String, String> env, Path workdir) {
            this(argv, timeout, maxBytes, keep, env, workdir, false);
        }

        public Spec(List<String> argv, Duration timeout, int maxBytes, Keep keep) {
            this(argv, timeout, maxBytes, keep, Map.of(), null, false);
        }
    }

    /** How much of stderr is kept when it is kept apart: enough for the program's complaint. */
    static final int MAX_ERROR_BYTES = 64 * 1024;

    private ProcessRun() {
    }

    /**
     * @param readers where the output is read while the program runs (Micronaut's blocking executor: a virtual thread)
     */
    public static Result run(Programs programs, Spec spec, ExecutorService readers) throws InterruptedException {
        Optional<ProcessBuilder> found = programs.builder(spec.argv());
        if (found.isEmpty()) {
            return new Result.CannotStart(spec.argv().getFirst());
        }
        ProcessBuilder pb = found.get().redirectErrorStream(!spec.separateErrors());
        pb.environment().putAll(spec.env());
        if (spec.workdir() != null) {
            pb.directory(spec.workdir().toFile());
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return new Result.CannotStart(spec.argv().getFirst());
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<Result.Finished> out = CompletableFuture.supplyAsync(
                    () -> capture(process.getInputStream(), spec.maxBytes(), spec.keep()), readers);
            CompletableFuture<Result.Finished> err = spec.separateErrors()
                    ? CompletableFuture.supplyAsync(() -> capture(process.getErrorStream(), MAX_ERROR_BYTES, Keep.FIRST),
                    readers)
                    : CompletableFuture.completedFuture(new Result.Finished(0, new byte[0], false));
            if (!process.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                return new Result.TimedOut();
            }
            Result.Finished captured = out.get(5, TimeUnit.SECONDS);
            return new Result.Finished(process.exitValue(), captured.output(), captured.truncated(),
                    err.get(5, TimeUnit.SECONDS).output());
        } catch (IOException | ExecutionException | TimeoutException e) {
            // the program exited but its output could not be read to the end (a child still holds the pipe)
            return new Result.Finished(process.exitValue(), new byte[0], true);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** Reads all output, keeping the first or the last {@code max} bytes; reading on keeps the program from blocking. */
    static Result.Finished capture(InputStream in, int max, Keep keep) {
        return keep == Keep.FIRST ? first(in, max) : last(in, max);
    }

    private static Result.Finished first(InputStream in, int max) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        boolean truncated = false;
        int n;
        try {
            while ((n = in.read(buf)) >= 0) {
                int room = max - kept.size();
                if (room > 0) {
                    kept.write(buf, 0, Math.min(room, n));
                }
                truncated |= n > room;
            }
        } catch (IOException e) {
            // the process was stopped while we read; keep what arrived
        }
        return new Result.Finished(0, kept.toByteArray(), truncated);
    }

    /** A ring of {@code max} bytes: memory stays bounded however much a log command prints. */
    private static Result.Finished last(InputStream in, int max) {
        byte[] ring = new byte[max];
        long total = 0;
        byte[] buf = new byte[8192];
        int n;
        try {
            while ((n = in.read(buf)) >= 0) {
                for (int i = 0; i < n; ) {
                    int at = (int) (total % max);
                    int len = Math.min(n - i, max - at);
                    System.arraycopy(buf, i, ring, at, len);
                    i += len;
                    total += len;
                }
            }
        } catch (IOException e) {
            // the process was stopped while we read; keep what arrived
        }
        if (total <= max) {
            return new Result.Finished(0, java.util.Arrays.copyOf(ring, (int) total), false);
        }
        int start = (int) (total % max);
        byte[] out = new byte[max];
        System.arraycopy(ring, start, out, 0, max - start);
        System.arraycopy(ring, 0, out, max - start, start);
        return new Result.Finished(0, out, true);
    }
}
