package dev.caretaker.backup;

import dev.caretaker.action.Progress;
import dev.caretaker.store.BackupCatalog;
import dev.caretaker.store.BackupRecord;
import dev.caretaker.store.Leadership;
import dev.caretaker.target.TargetSpec;
import dev.caretaker.target.Targets;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresTargets;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * Backs a target up: claims a catalogue row (one backup per target at a time, across replicas), streams the dump or
 * archive to its storage while counting and hashing it, and completes the row only once the object is stored. A
 * failure records one sentence on the row and leaves no object behind.
 */
@Singleton
public class BackupService {

    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy/MM").withZone(ZoneOffset.UTC);
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    private final BackupConfig config;
    private final Targets targets;
    private final PostgresTargets postgres;
    private final Storages storages;
    private final BackupCatalog catalog;
    private final PostgresDumper dumper;
    private final FilesArchiver archiver;
    private final Leadership leadership;
    private final TaskScheduler scheduler;
    private final Clock clock;

    public BackupService(BackupConfig config, Targets targets, PostgresTargets postgres, Storages storages, BackupCatalog catalog,
                         PostgresDumper dumper, FilesArchiver archiver, Leadership leadership,
                         @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler, Clock clock) {
        this.config = config;
        this.targets = targets;
        this.postgres = postgres;
        this.storages = storages;
        this.catalog = catalog;
        this.dumper = dumper;
        this.archiver = archiver;
        this.leadership = leadership;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    public BackupConfig config() {
        return config;
    }

    /**
     * The target a command means: the one named, or the only one that can be backed up.
     *
     * @throws BackupException unknown, of a type that cannot be backed up, or ambiguous
     */
    public TargetSpec target(Optional<String> named) throws BackupException {
        List<String> names = BackupConfig.backupable(targets);
        if (named.isEmpty()) {
            if (names.size() == 1) {
                return targets.spec(names.get(0)).orElseThrow();
            }
            throw new BackupException(names.isEmpty() ? BackupMessages.noTargets() : BackupMessages.chooseTarget(names));
        }
        Optional<TargetSpec> spec = targets.spec(named.get());
        if (spec.isEmpty()) {
            throw new BackupException(BackupMessages.unknownTarget(named.get(), names));
        }
        if (!BackupConfig.TYPES.contains(spec.get().type())) {
            throw new BackupException(BackupMessages.notBackupable(named.get(), spec.get().type(), names));
        }
        return spec.get();
    }

    /** The storage a target's backups go to. */
    Storage storage(BackupSettings s) throws BackupException {
        return storages.get(s.storage()).orElseThrow(() -> new BackupException(BackupMessages.storageUnknown(s.storage())));
    }

    /** The storage an existing backup lives in. */
    Storage storageOf(BackupRecord b) throws BackupException {
        return storages.get(b.storage()).orElseThrow(() -> new BackupException(BackupMessages.storageGone(b.id(), b.storage())));
    }

    /**
     * Backs a target up now.
     *
     * @param requestedBy a person's name, or {@link BackupRecord#SCHEDULE}
     * @param scheduledAt the cron instant of a scheduled backup, null on request
     * @throws BackupException with the sentence to show; the catalogue records the failure
     */
    public BackupRecord backup(TargetSpec target, String requestedBy, Instant scheduledAt, Progress progress)
            throws BackupException, InterruptedException {
        BackupSettings settings = config.settings(target);
        Storage storage = storage(settings);
        boolean files = target.type().equals(BackupRecord.FILES);
        // what can fail before anything is written fails here, with no row in the catalogue
        PostgresDumper.Plan plan = null;
        PostgresClient db = null;
        if (!files) {
            db = postgres.client(target.name()).orElseThrow(() -> new BackupException(
                    BackupMessages.unknownTarget(target.name(), BackupConfig.backupable(targets))));
            plan = dumper.plan(db);
        } else {
            archiver.check(target);
        }
        Instant now = clock.instant();
        BackupCatalog.Start start = catalog.start(new BackupCatalog.NewBackup(target.name(),
                files ? BackupRecord.FILES : BackupRecord.POSTGRES, settings.format().id(), storage.name(),
                id -> key(target.name(), now, id, settings.format()), requestedBy, scheduledAt, leadership.holder()),
                now, now.minus(config.staleAfter()));
        BackupRecord row = switch (start) {
            case BackupCatalog.Busy busy -> throw new BackupException(BackupMessages.alreadyRunning(target.name(),
                    busy.running().id(), busy.running().requestedBy()));
            case BackupCatalog.Started started -> started.backup();
        };
        long t0 = System.nanoTime();
        ScheduledFuture<?> heartbeat = scheduler.scheduleAtFixedRate(Duration.ofSeconds(30), Duration.ofSeconds(30),
                () -> beat(row.id()));
        progress.update(BackupMessages.started(target.name(), row.id(), storage.describe()));
        try (Storage.Upload upload = storage.create(row.storageKey())) {
            Digesting.Out out = new Digesting.Out(upload.stream());
            Streams.Ticker ticker = ticker(target.name(), out, progress);
            BackupCatalog.Completed done = files
                    ? archiver.archive(target, out, ticker)
                    : dumper.dump(db, plan, settings.format(), out, ticker);
            upload.commit();
            BackupRecord stored = catalog.complete(row.id(), clock.instant(), done);
            LOG.info("backup #{} of {}: {} bytes to {} in {} ms (sha256 {})", row.id(), target.name(), done.sizeBytes(),
                    storage.describe(), (System.nanoTime() - t0) / 1_000_000, done.sha256());
            return stored;
        } catch (BackupException e) {
            failed(row, e.getMessage(), e);
            throw e;
        } catch (IOException e) {
            String sentence = BackupMessages.storageWriteFailed(target.name(), e);
            failed(row, sentence, e);
            throw new BackupException(sentence, e);
        } catch (InterruptedException e) {
            failed(row, BackupMessages.stopped(target.name()), e);
            throw e;
        } catch (RuntimeException e) {
            failed(row, BackupMessages.crashed(target.name(), row.id()), e);
            throw e;
        } finally {
            heartbeat.cancel(false);
        }
    }

    private void beat(long id) {
        try {
            catalog.heartbeat(id, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("backup #{}: heartbeat not recorded: {}", id, e.getMessage());
        }
    }

    private void failed(BackupRecord row, String sentence, Exception e) {
        LOG.warn("backup #{} of {} failed: {}", row.id(), row.target(), sentence, e);
        try {
            catalog.fail(row.id(), clock.instant(), sentence);
        } catch (RuntimeException storeDown) {
            // the row stays 'running' and is failed as stale later (BackupScheduler)
            LOG.error("backup #{}: the failure could not be recorded", row.id(), storeDown);
        }
    }

    /** Tells the progress message how far the stream got, at most every {@link #PROGRESS_EVERY}. */
    private static Streams.Ticker ticker(String target, Digesting.Out out, Progress progress) {
        long start = System.nanoTime();
        long[] next = {start + PROGRESS_EVERY.toNanos()};
        return () -> {
            long t = System.nanoTime();
            if (t >= next[0]) {
                next[0] = t + PROGRESS_EVERY.toNanos();
                progress.update(BackupMessages.progress(target, out.bytes(), Duration.ofNanos(t - start)));
            }
        };
    }

    /** {@code <target>/<yyyy>/<MM>/<target>-<stamp>-<id><ext>}: sorted by time, unique by id, safe as a path. */
    static String key(String target, Instant at, long id, BackupSettings.Format format) {
        String safe = target.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe + "/" + MONTH.format(at) + "/" + safe + "-" + STAMP.format(at) + "-" + id + format.extension();
    }
}
