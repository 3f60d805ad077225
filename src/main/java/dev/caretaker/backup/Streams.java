package dev.caretaker.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/** Copies a stream in fixed chunks (memory does not grow with the size of a dump), telling a ticker as it goes. */
final class Streams {

    static final int CHUNK = 1 << 16;

    private Streams() {
    }

    /** Called after each chunk; cheap, it decides itself whether to say anything. */
    @FunctionalInterface
    interface Ticker {
        void tick();

        Ticker NONE = () -> {
        };
    }

    /**
     * Copies everything; stops with {@link InterruptedIOException} when the calling thread is interrupted between
     * chunks (the command's timeout).
     */
    static long copy(InputStream in, OutputStream out, Ticker ticker) throws IOException {
        byte[] buf = new byte[CHUNK];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted");
            }
            out.write(buf, 0, n);
            total += n;
            ticker.tick();
        }
        return total;
    }
}
