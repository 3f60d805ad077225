package dev.caretaker.backup;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The configured storages ({@link BackupConfig#storages()}), each opened on first use. */
@Singleton
public class Storages implements AutoCloseable {

    private final BackupConfig config;
    private final Map<String, Storage> open = new ConcurrentHashMap<>();

    public Storages(BackupConfig config) {
        this.config = config;
    }

    /** The storage of that name; empty when none is configured. */
    public Optional<Storage> get(String name) {
        StorageSpec spec = config.storages().get(name);
        if (spec == null) {
            return Optional.empty();
        }
        return Optional.of(open.computeIfAbsent(name, n -> switch (spec) {
            case StorageSpec.Local l -> new LocalStorage(l.name(), l.directory());
            case StorageSpec.S3 s -> new S3Storage(s);
        }));
    }

    @PreDestroy
    @Override
    public void close() {
        open.values().forEach(s -> {
            if (s instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing an HTTP client at shutdown; nothing left to do
                }
            }
        });
        open.clear();
    }
}
