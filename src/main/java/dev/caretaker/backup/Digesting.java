package dev.caretaker.backup;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Streams that count the bytes passing through them and compute their SHA-256 on the way. */
final class Digesting {

    private Digesting() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** Counts and hashes what is written to it, then passes it on. */
    static final class Out extends FilterOutputStream {

        private final MessageDigest digest = sha256();
        /** Read by the progress ticker while another thread may be writing. */
        private volatile long bytes;

        Out(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            bytes += len;
        }

        long bytes() {
            return bytes;
        }

        /** The hex SHA-256 of everything written; call once, at the end. */
        String sha256Hex() {
            return hex(digest.digest());
        }

        @Override
        public void close() {
            // the upload is committed or aborted by its owner; closing this wrapper must not close it
        }
    }

    /** Counts and hashes what is read through it. */
    static final class In extends FilterInputStream {

        private final MessageDigest digest = sha256();
        private long bytes;

        In(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                digest.update((byte) b);
                bytes++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
                bytes += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // skipping would leave bytes out of the checksum: read them instead
            byte[] buf = new byte[8192];
            long skipped = 0;
            while (skipped < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        long bytes() {
            return bytes;
        }

        /** Reads what is left, so the checksum covers the whole object. */
        void drain() throws IOException {
            byte[] buf = new byte[1 << 16];
            while (read(buf, 0, buf.length) >= 0) {
                // counted and hashed by read
            }
        }

        String sha256Hex() {
            return hex(digest.digest());
        }
    }
}
