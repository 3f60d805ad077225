package dev.caretaker.action.custom.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a file's lines newest first, from its end backwards in blocks, so the last lines of a file of any size cost
 * about as many bytes as they hold: never the whole file, never a shell's {@code tail}. Memory stays at one block
 * plus one line; a line longer than {@link #MAX_LINE_BYTES} keeps its start. Reading stops at the start of the file
 * or once {@code maxBytes} have been read.
 */
final class TailReader implements AutoCloseable {

    static final int BLOCK = 64 * 1024;
    static final int MAX_LINE_BYTES = 16 * 1024;

    private final FileChannel channel;
    private final long maxBytes;
    private final long size;
    /** Where the bytes not read yet end: [0, position) is still on disk. */
    private long position;
    private long bytesRead;
    /** Bytes read but not yet returned, [0, length): the end of the file's unread part. */
    private byte[] buffer = new byte[0];
    private int length;
    /** The line being assembled was longer than MAX_LINE_BYTES: its end was dropped. */
    private boolean cut;
    private boolean done;

    /** @param maxBytes how many bytes at most to read (bounds the work of a search that finds little) */
    TailReader(Path file, long maxBytes) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.size = channel.size();
        this.position = size;
        this.maxBytes = maxBytes;
        this.done = size == 0;
    }

    /** Bytes read from the file so far. */
    long bytesRead() {
        return bytesRead;
    }

    /** Whether reading stopped at the byte limit before the start of the file. */
    boolean stoppedEarly() {
        return position > 0 && bytesRead >= maxBytes;
    }

    /** The next older line, without its line break; null at the start of the file or at the byte limit. */
    String next() throws IOException {
        if (done) {
            return null;
        }
        while (true) {
            for (int i = length - 1; i >= 0; i--) {
                if (buffer[i] == '\n') {
                    String line = line(i + 1, length);
                    length = i;
                    return line;
                }
            }
            if (position == 0) {
                done = true;
                return line(0, length);
            }
            if (bytesRead >= maxBytes) {
                // the line under way starts somewhere not read: showing its end as a line would mislead
                done = true;
                return null;
            }
            if (length > MAX_LINE_BYTES) {
                // keep the earliest bytes seen: once the line's start is read they are the part shown
                length = MAX_LINE_BYTES;
                cut = true;
            }
            readBlock();
        }
    }

    private void readBlock() throws IOException {
        int n = (int) Math.min(Math.min(BLOCK, position), maxBytes - bytesRead);
        long from = position - n;
        byte[] next = new byte[n + length];
        ByteBuffer target = ByteBuffer.wrap(next, 0, n);
        while (target.hasRemaining() && channel.read(target, from + target.position()) >= 0) {
            // FileChannel may read less than asked; read on until the block is full
        }
        System.arraycopy(buffer, 0, next, n, length);
        boolean last = position == size;
        buffer = next;
        length = n + length;
        position = from;
        bytesRead += n;
        if (last && length > 0 && buffer[length - 1] == '\n') {
            length--;   // the file's final line break ends its last line; no empty line follows it
        }
    }

    private String line(int from, int to) {
        int end = Math.min(to, from + MAX_LINE_BYTES);
        boolean shortened = cut || end < to;
        cut = false;
        if (end > from && buffer[end - 1] == '\r') {
            end--;
        }
        String text = new String(buffer, from, end - from, StandardCharsets.UTF_8);
        return shortened ? text + "…" : text;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
