package dev.caretaker.backup;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * The configured storages, on a disk that fills up: after {@code caretaker.test.full-disk-after} bytes of an object,
 * every write fails as a full file system answers ({@code No space left on device}). Only in tests that set it.
 */
@Singleton
@Replaces(Storages.class)
@Requires(property = FullDiskStorages.AFTER)
public class FullDiskStorages extends Storages {

    static final String AFTER = "caretaker.test.full-disk-after";

    private final long after;

    public FullDiskStorages(BackupConfig config, @Value("${" + AFTER + "}") long after) {
        super(config);
        this.after = after;
    }

    @Override
    public Optional<Storage> get(String name) {
        return super.get(name).map(this::full);
    }

    private Storage full(Storage disk) {
        return new Storage() {
            @Override
            public String name() {
                return disk.name();
            }

            @Override
            public String describe() {
                return disk.describe();
            }

            @Override
            public Upload create(String key) throws IOException {
                Upload upload = disk.create(key);
                OutputStream filling = new FilterOutputStream(upload.stream()) {
                    private long written;

                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        if (written + len > after) {
                            throw new IOException("No space left on device");
                        }
                        written += len;
                        out.write(b, off, len);
                    }
                };
                return new Upload() {
                    @Override
                    public OutputStream stream() {
                        return filling;
                    }

                    @Override
                    public void commit() throws IOException {
                        upload.commit();
                    }

                    @Override
                    public void abort() {
                        upload.abort();
                    }
                };
            }

            @Override
            public InputStream open(String key) throws IOException {
                return disk.open(key);
            }

            @Override
            public void delete(String key) throws IOException {
                disk.delete(key);
            }

            @Override
            public boolean exists(String key) throws IOException {
                return disk.exists(key);
            }
        };
    }
}
