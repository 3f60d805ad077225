package dev.caretaker.backup;

import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Backups in a directory of this machine. An object is written to {@code <key>.part}, flushed to disk and renamed
 * into place on commit, so a crash or a full disk leaves no file under the key.
 */
final class LocalStorage implements Storage {

    private final String name;
    private final Path root;

    LocalStorage(String name, Path root) {
        this.name = name;
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    Path path(String key) {
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new IllegalArgumentException("backup key outside its storage: " + key);
        }
        return p;
    }

    @Override
    public Upload create(String key) throws IOException {
        Path target = path(key);
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16);
        return new Upload() {
            private boolean done;

            @Override
            public OutputStream stream() {
                return out;
            }

            @Override
            public void commit() throws IOException {
                out.flush();
                channel.force(true);
                out.close();
                try {
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
                }
                done = true;
            }

            @Override
            public void abort() {
                if (done) {
                    return;
                }
                done = true;
                try {
                    out.close();
                } catch (IOException e) {
                    // a full disk fails the last flush too; the part file goes below either way
                }
                try {
                    Files.deleteIfExists(part);
                } catch (IOException e) {
                    // nothing under the key was written; a stray .part file is overwritten by the next try
                }
            }
        };
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return Files.newInputStream(path(key));
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException(key);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(path(key));
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(path(key));
    }

    @Override
    public String toString() {
        return "LocalStorage[" + name + ", " + root + "]";
    }
}
