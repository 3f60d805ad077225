package dev.caretaker.backup;

import dev.caretaker.action.Progress;
import dev.caretaker.action.builtin.db.DbFailures;
import dev.caretaker.store.BackupCatalog;
import dev.caretaker.store.BackupRecord;
import dev.caretaker.store.BackupVerification;
import dev.caretaker.store.MaintenanceWindowStore;
import dev.caretaker.target.TargetSpec;
import dev.caretaker.target.Targets;
import dev.caretaker.target.postgres.BackupQueries;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresException;
import dev.caretaker.target.postgres.PostgresTargets;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Restores a backup: a dump into a named database of a postgres target's server (created when missing; an existing
 * one has the dump's objects dropped and re-created, all in one transaction), an archive into a directory. Over the
 * live database (the one the target points at), or over the live files ({@code into=/}), only with
 * {@code force=true} while a maintenance window covers the target. The checksum is checked before anything changes;
 * afterwards the rows are counted and compared with the catalogue.
 */
@Singleton
public class Restorer {

    private static final Logger LOG = LoggerFactory.getLogger(Restorer.class);
    private static final Duration COUNT_TIMEOUT = Duration.ofHours(2);
    private static final int MAX_DATABASE_NAME = 63;

    /** What a restore would do, worked out before anyone approves it. */
    public record Plan(BackupRecord backup, String server, String into, boolean live, boolean files,
                       Optional<BackupQueries.DatabaseSummary> existing, boolean directoryHasFiles,
                       Optional<String> ownerInstead) {
    }

    /** What a restore did. */
    public record Done(Plan plan, List<BackupVerification.TableCheck> tables, FilesArchiver.Contents files) {
    }

    private final BackupService backups;
    private final BackupCatalog catalog;
    private final Targets targets;
    private final PostgresTargets postgres;
    private final PgTools tools;
    private final Verifier verifier;
    private final FilesArchiver archiver;
    private final MaintenanceWindowStore windows;
    private final Clock clock;

    public Restorer(BackupService backups, BackupCatalog catalog, Targets targets, PostgresTargets postgres,
                    PgTools tools, Verifier verifier, FilesArchiver archiver, MaintenanceWindowStore windows,
                    Clock clock) {
        this.backups = backups;
        this.catalog = catalog;
        this.targets = targets;
        this.postgres = postgres;
        this.tools = tools;
        this.verifier = verifier;
        this.archiver = archiver;
        this.windows = windows;
        this.clock = clock;
    }

    /**
     * Checks everything that can be checked before a restore: the backup, where it goes, and whether that is live.
     *
     * @param target the postgres target whose server receives a dump; empty: the backup's own target
     * @throws BackupException with the one sentence that says why it cannot be done
     */
    public Plan plan(long id, String into, Optional<String> target, boolean force) throws BackupException {
        BackupRecord b = catalog.byId(id).orElseThrow(() -> new BackupException(BackupMessages.backupNotFound(id)));
        if (!b.done()) {
            throw new BackupException(BackupMessages.restoreNotStored(id, b.status()));
        }
        if (BackupRecord.FILES.equals(b.kind())) {
            return planFiles(b, into, force);
        }
        String server = target.orElse(b.target());
        TargetSpec spec = targets.spec(server).filter(s -> s.type().equals("postgres")).orElseThrow(() ->
                new BackupException(BackupMessages.restoreNoServer(server, postgres.names())));
        PostgresClient db = postgres.client(server).orElseThrow();
        if (into.isBlank() || into.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_DATABASE_NAME) {
            throw new BackupException(BackupMessages.restoreBadDatabaseName(into));
        }
        try {
            boolean live = into.equals(db.backups().currentDatabase());
            if (live && db.settings().ownDatabase()) {
                throw new BackupException(BackupMessages.restoreOverOwnDatabase());
            }
            if (live) {
                requireWindow(spec.name(), into, force);
            }
            BackupQueries.ServerVersion v = db.backups().serverVersion();
            tools.forServer(server, v.major(), List.of("pg_restore", "psql"));
            Optional<BackupQueries.DatabaseSummary> existing = db.backups().describe(into);
            if (existing.isPresent() && BackupSettings.Format.PLAIN.id().equals(b.format())) {
                throw new BackupException(BackupMessages.restorePlainNeedsNewDatabase(into, server));
            }
            BackupQueries.User user = db.backups().user();
            // only a superuser can give restored objects to their original owners; anyone else owns them
            Optional<String> ownerInstead = user.superuser() ? Optional.empty() : Optional.of(user.name());
            return new Plan(b, server, into, live, false, existing, false, ownerInstead);
        } catch (PostgresException e) {
            throw new BackupException(DbFailures.sentence(e, db.settings()), e);
        }
    }

    private Plan planFiles(BackupRecord b, String into, boolean force) throws BackupException {
        Path dir;
        try {
            dir = Path.of(into);
        } catch (java.nio.file.InvalidPathException e) {
            throw new BackupException(BackupMessages.restoreNotAbsolute(into));
        }
        if (!dir.isAbsolute()) {
            throw new BackupException(BackupMessages.restoreNotAbsolute(into));
        }
        dir = dir.normalize();
        // entries are named after their absolute paths: extracted under / they land on the live files
        boolean live = dir.getParent() == null;
        if (live) {
            requireWindow(b.target(), into, force);
        }
        boolean hasFiles = false;
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                hasFiles = s.findAny().isPresent();
            } catch (IOException e) {
                throw new BackupException(BackupMessages.restoreDirectoryUnreadable(into), e);
            }
        } else if (Files.exists(dir)) {
            throw new BackupException(BackupMessages.restoreNotADirectory(into));
        }
        if (hasFiles && !live && !force) {
            throw new BackupException(BackupMessages.restoreDirectoryNotEmpty(into));
        }
        return new Plan(b, b.target(), dir.toString(), live, true, Optional.empty(), hasFiles, Optional.empty());
    }

    private void requireWindow(String target, String into, boolean force) throws BackupException {
        if (!force) {
            throw new BackupException(BackupMessages.restoreLiveNeedsForce(into, target));
        }
        if (!windows.covers(target, clock.instant())) {
            throw new BackupException(BackupMessages.restoreLiveNeedsWindow(into, target));
        }
    }

    /** Restores as planned. The plan is made again first: what was true when it was approved may have changed. */
    public Done restore(Plan approved, boolean force, Progress progress) throws BackupException, InterruptedException {
        Plan plan = plan(approved.backup().id(), approved.into(),
                approved.files() ? Optional.empty() : Optional.of(approved.server()), force);
        BackupRecord b = plan.backup();
        Storage storage = backups.storageOf(b);
        progress.update(BackupMessages.restoreChecking(b.id()));
        checksum(b, storage);
        return plan.files() ? restoreFiles(plan, storage, progress) : restoreDatabase(plan, storage, progress);
    }

    /** Reads the whole object once: a changed or damaged backup is refused before anything is touched. */
    private void checksum(BackupRecord b, Storage storage) throws BackupException, InterruptedException {
        try (InputStream raw = storage.open(b.storageKey())) {
            Digesting.In in = new Digesting.In(raw);
            in.drain();
            if (!in.sha256Hex().equals(b.sha256()) || in.bytes() != b.sizeBytes()) {
                throw new BackupException(BackupMessages.restoreChecksum(b.id()));
            }
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("restore of #" + b.id() + " stopped");
            }
            throw new BackupException(BackupMessages.restoreUnreadable(b.id(), e), e);
        }
    }

    private Done restoreDatabase(Plan plan, Storage storage, Progress progress)
            throws BackupException, InterruptedException {
        BackupRecord b = plan.backup();
        PostgresClient db = postgres.client(plan.server()).orElseThrow();
        BackupSettings.Format format = BackupSettings.Format.fromId(b.format()).orElse(BackupSettings.Format.CUSTOM);
        boolean created = false;
        try {
            BackupQueries.ServerVersion v = db.backups().serverVersion();
            PgTools.Client client = tools.forServer(plan.server(), v.major(), List.of("pg_restore", "psql"));
            if (plan.existing().isEmpty()) {
                db.backups().createDatabase(plan.into());
                created = true;
            }
            progress.update(BackupMessages.restoreRunning(b.id(), plan.into(), plan.server()));
            List<String> options = new ArrayList<>(List.of("--single-transaction", "--exit-on-error"));
            if (plan.existing().isPresent()) {
                options.addAll(List.of("--clean", "--if-exists"));
            }
            if (plan.ownerInstead().isPresent()) {
                options.add("--no-owner");
            }
            Verifier.Restored r = verifier.restore(b, storage, format, client,
                    db.backups().libpq().withDatabase(plan.into()), (int) db.settings().connectTimeout().toSeconds(),
                    options);
            if (r.downloadError() != null) {
                throw new BackupException(BackupMessages.restoreUnreadable(b.id(), r.downloadError()), r.downloadError());
            }
            if (r.exitCode() != 0) {
                throw new BackupException(BackupMessages.restoreFailed(b.id(), plan.into(), r.error()));
            }
            created = false;   // it stays: the restore is done
            Map<String, Long> counted = db.backups().countRows(plan.into(), COUNT_TIMEOUT);
            List<BackupVerification.TableCheck> tables = Verifier.compare(b.tableCounts(), counted);
            LOG.info("backup #{} of {} restored into {} on {}{}", b.id(), b.target(), plan.into(), plan.server(),
                    plan.live() ? " (the live database, in a maintenance window)" : "");
            return new Done(plan, tables, null);
        } catch (PostgresException e) {
            throw new BackupException(DbFailures.sentence(e, db.settings()), e);
        } finally {
            if (created) {
                try {
                    db.backups().dropDatabase(plan.into());
                } catch (PostgresException e) {
                    LOG.warn("restore of #{}: the database {} it created was not dropped", b.id(), plan.into(), e);
                }
            }
        }
    }

    private Done restoreFiles(Plan plan, Storage storage, Progress progress)
            throws BackupException, InterruptedException {
        BackupRecord b = plan.backup();
        Path into = Path.of(plan.into());
        boolean fresh = !Files.exists(into);
        // a new directory is filled beside it and renamed into place, so a failure leaves nothing half-extracted
        Path work = fresh ? into.resolveSibling(into.getFileName() + ".restoring-" + b.id()) : into;
        progress.update(BackupMessages.restoreExtracting(b.id(), plan.into()));
        try (InputStream raw = storage.open(b.storageKey())) {
            if (fresh) {
                deleteTree(work);
                Files.createDirectories(work);
            }
            FilesArchiver.Contents c = archiver.extract(raw, work);
            if (fresh) {
                Files.move(work, into, StandardCopyOption.ATOMIC_MOVE);
            }
            return new Done(plan, List.of(), c);
        } catch (IOException e) {
            if (fresh) {
                deleteTree(work);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("restore of #" + b.id() + " stopped");
            }
            throw new BackupException(BackupMessages.restoreExtractFailed(b.id(), plan.into(), e), e);
        } catch (BackupException e) {
            if (fresh) {
                deleteTree(work);
            }
            throw e;
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left for the operator; the restore's failure is what they are told
                }
            });
        } catch (IOException e) {
            LOG.warn("could not remove {}", dir, e);
        }
    }
}
