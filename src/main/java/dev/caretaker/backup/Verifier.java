package dev.caretaker.backup;

import dev.caretaker.action.Progress;
import dev.caretaker.action.builtin.db.DbFailures;
import dev.caretaker.alert.AlertService;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.store.BackupCatalog;
import dev.caretaker.store.BackupRecord;
import dev.caretaker.store.BackupVerification;
import dev.caretaker.store.Transactions;
import dev.caretaker.target.TargetSpec;
import dev.caretaker.target.Targets;
import dev.caretaker.target.postgres.BackupQueries;
import dev.caretaker.target.postgres.Libpq;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.PostgresException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;

/**
 * Proves a backup: downloads it, checks its SHA-256, restores it into a scratch database ({@code pg_restore} or
 * {@code psql}) on the verify server (the target's own unless {@code verify-target} names another), counts the rows
 * of every table and compares them with the catalogue, then drops the scratch database. An archive of files is read
 * in full and its files counted. The result is recorded; a backup that fails is a critical alert of its target
 * ({@value #ALERT}), which the next good verification resolves.
 */
@Singleton
public class Verifier {

    /** The alert's name (and probe name) of a failed verification; its fingerprint is {@code <target>/backup-verify}. */
    public static final String ALERT = "backup-verify";
    /** Scratch databases are named this plus the backup's id. */
    public static final String SCRATCH_PREFIX = "caretaker_verify_";
    static final String CHECKSUM = "checksum";
    static final String DOWNLOAD = "download";
    static final String RESTORE = "restore";
    static final String COUNTS = "counts";
    static final String ARCHIVE = "archive";
    private static final Duration COUNT_TIMEOUT = Duration.ofHours(2);
    private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);

    private final BackupService backups;
    private final BackupCatalog catalog;
    private final Targets targets;
    private final PostgresTargets postgres;
    private final PgTools tools;
    private final FilesArchiver archiver;
    private final AlertService alerts;
    private final Transactions transactions;
    private final ExecutorService threads;
    private final TaskScheduler scheduler;
    private final Clock clock;

    public Verifier(BackupService backups, BackupCatalog catalog, Targets targets, PostgresTargets postgres, PgTools tools,
                    FilesArchiver archiver, AlertService alerts, Transactions transactions,
                    @Named(TaskExecutors.BLOCKING) ExecutorService threads,
                    @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler, Clock clock) {
        this.backups = backups;
        this.catalog = catalog;
        this.targets = targets;
        this.postgres = postgres;
        this.tools = tools;
        this.archiver = archiver;
        this.alerts = alerts;
        this.transactions = transactions;
        this.threads = threads;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** What a restore or read came to before it is recorded. */
    private record Checked(boolean passed, String failure, String detail, List<BackupVerification.TableCheck> tables) {

        static Checked pass(String detail, List<BackupVerification.TableCheck> tables) {
            return new Checked(true, null, detail, tables);
        }

        static Checked fail(String failure, String detail, List<BackupVerification.TableCheck> tables) {
            return new Checked(false, failure, detail, tables);
        }
    }

    /**
     * Verifies a stored backup and records the result (raising or resolving the target's alert with it).
     *
     * @throws BackupException when the verification could not be attempted (no client, verify server unreachable,
     *                         scratch database refused): nothing is recorded, the sentence says what to fix
     */
    public BackupVerification verify(BackupRecord b, String requestedBy, Progress progress)
            throws BackupException, InterruptedException {
        if (!b.done()) {
            throw new BackupException(BackupMessages.verifyNotStored(b.id(), b.status()));
        }
        Storage storage = backups.storageOf(b);
        Instant started = clock.instant();
        progress.update(BackupMessages.verifying(b.id(), b.target()));
        Checked checked = BackupRecord.FILES.equals(b.kind()) ? verifyArchive(b, storage)
                : verifyDump(b, storage, progress);
        Instant finished = clock.instant();
        BackupVerification v = transactions.inTransaction(() -> {
            BackupVerification recorded = catalog.recordVerification(b.id(), started, finished, checked.passed(),
                    checked.failure(), checked.detail(), checked.tables(), requestedBy);
            ProbeResult result = new ProbeResult(b.target(), ALERT, checked.passed() ? ProbeStatus.OK : ProbeStatus.CRITICAL,
                    null, "", checked.detail(), Duration.between(started, finished), finished);
            if (checked.passed()) {
                alerts.probeResolved(result);
            } else {
                alerts.probeFiring(result, "critical");
            }
            return recorded;
        });
        if (v.passed()) {
            LOG.info("backup #{} of {} verified in {} ms", b.id(), b.target(), Duration.between(started, finished).toMillis());
        } else {
            LOG.warn("backup #{} of {} failed verification ({}): {}", b.id(), b.target(), v.failure(), v.detail());
        }
        return v;
    }

    // ---- file archives ---------------------------------------------------------------------------------------------

    private Checked verifyArchive(BackupRecord b, Storage storage) throws InterruptedException {
        try (InputStream raw = storage.open(b.storageKey())) {
            Digesting.In in = new Digesting.In(raw);
            FilesArchiver.Contents contents;
            String readError = null;
            try {
                contents = archiver.read(in);
            } catch (IOException e) {
                contents = null;
                readError = e.getMessage();
            }
            in.drain();
            if (!in.sha256Hex().equals(b.sha256()) || in.bytes() != b.sizeBytes()) {
                return Checked.fail(CHECKSUM, BackupMessages.verifyChecksum(b.id(), b.target()), List.of());
            }
            if (contents == null) {
                return Checked.fail(ARCHIVE, BackupMessages.verifyArchiveUnreadable(b.id(), b.target(),
                        readError == null ? "" : readError), List.of());
            }
            if (b.fileCount() != null && contents.files() != b.fileCount()) {
                return Checked.fail(ARCHIVE, BackupMessages.verifyFileCount(b.id(), b.target(), b.fileCount(),
                        contents.files()), List.of());
            }
            return Checked.pass(BackupMessages.verifiedArchive(b.id(), b.target(), contents.files(), contents.bytes()),
                    List.of());
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("verification of #" + b.id() + " stopped");
            }
            return Checked.fail(DOWNLOAD, BackupMessages.verifyDownload(b.id(), b.target(), e), List.of());
        }
    }

    // ---- database dumps --------------------------------------------------------------------------------------------

    private Checked verifyDump(BackupRecord b, Storage storage, Progress progress)
            throws BackupException, InterruptedException {
        TargetSpec target = targets.spec(b.target()).orElseThrow(() ->
                new BackupException(BackupMessages.verifyTargetGone(b.id(), b.target())));
        BackupSettings settings = backups.config().settings(target);
        String serverName = settings.verifyTarget().orElse(b.target());
        PostgresClient server = postgres.client(serverName).orElseThrow(() ->
                new BackupException(BackupMessages.verifyTargetGone(b.id(), serverName)));
        BackupSettings.Format format = BackupSettings.Format.fromId(b.format()).orElse(BackupSettings.Format.CUSTOM);
        String scratch = SCRATCH_PREFIX + b.id();
        PgTools.Client client;
        Libpq libpq;
        try {
            BackupQueries.ServerVersion v = server.backups().serverVersion();
            client = tools.forServer(serverName, v.major(), List.of("pg_restore", "psql"));
            libpq = server.backups().libpq().withDatabase(scratch);
            server.backups().dropDatabase(scratch);
            server.backups().createDatabase(scratch);
        } catch (PostgresException e) {
            throw new BackupException(BackupMessages.verifyServerFailed(serverName, DbFailures.sentence(e, server.settings())), e);
        }
        try {
            progress.update(BackupMessages.restoring(b.id(), scratch, serverName));
            Restored restored = restore(b, storage, format, client, libpq, (int) server.settings().connectTimeout().toSeconds(),
                    List.of("--no-owner", "--no-privileges", "--exit-on-error"));
            if (restored.downloadError() != null) {
                return Checked.fail(DOWNLOAD, BackupMessages.verifyDownload(b.id(), b.target(), restored.downloadError()),
                        List.of());
            }
            if (!restored.sha256().equals(b.sha256()) || restored.bytes() != b.sizeBytes()) {
                return Checked.fail(CHECKSUM, BackupMessages.verifyChecksum(b.id(), b.target()), List.of());
            }
            if (restored.exitCode() != 0) {
                return Checked.fail(RESTORE, BackupMessages.verifyRestore(b.id(), b.target(), restored.error()), List.of());
            }
            Map<String, Long> counted;
            try {
                counted = server.backups().countRows(scratch, COUNT_TIMEOUT);
            } catch (PostgresException e) {
                throw new BackupException(BackupMessages.verifyServerFailed(serverName,
                        DbFailures.sentence(e, server.settings())), e);
            }
            List<BackupVerification.TableCheck> tables = compare(b.tableCounts(), counted);
            long wrong = tables.stream().filter(t -> !t.matches()).count();
            if (wrong > 0) {
                return Checked.fail(COUNTS, BackupMessages.verifyCounts(b.id(), b.target(), (int) wrong, tables.size()),
                        tables);
            }
            return Checked.pass(BackupMessages.verifiedDump(b.id(), b.target(), tables.size(),
                    tables.stream().mapToLong(BackupVerification.TableCheck::restored).sum()), tables);
        } finally {
            try {
                server.backups().dropDatabase(scratch);
            } catch (PostgresException e) {
                LOG.warn("backup #{}: scratch database {} on {} was not dropped: {}", b.id(), scratch, serverName,
                        e.getMessage());
            }
        }
    }

    /** Table by table: rows the catalogue expects and rows the restore has (-1: the table is missing). */
    static List<BackupVerification.TableCheck> compare(Map<String, Long> expected, Map<String, Long> restored) {
        List<BackupVerification.TableCheck> out = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(expected.keySet());
        names.addAll(restored.keySet());
        for (String t : names) {
            out.add(new BackupVerification.TableCheck(t, expected.getOrDefault(t, -1L), restored.getOrDefault(t, -1L)));
        }
        return out;
    }

    /** What streaming a backup into a client program came to. */
    record Restored(int exitCode, String error, String sha256, long bytes, IOException downloadError) {
    }

    /**
     * Streams a backup from storage into {@code pg_restore} (custom format) or {@code psql} (plain, gunzipped here)
     * connected to {@code libpq}'s database, hashing every byte read, also those the program did not need.
     */
    Restored restore(BackupRecord b, Storage storage, BackupSettings.Format format, PgTools.Client client, Libpq libpq,
                     int connectTimeout, List<String> restoreOptions) throws BackupException, InterruptedException {
        List<String> argv = new ArrayList<>();
        if (format == BackupSettings.Format.PLAIN) {
            argv.add(client.tool("psql").toString());
            argv.addAll(List.of("--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction",
                    "--file=-"));
        } else {
            argv.add(client.tool("pg_restore").toString());
            argv.addAll(restoreOptions);
        }
        argv.addAll(libpq.arguments());
        InputStream raw;
        try {
            raw = storage.open(b.storageKey());
        } catch (IOException e) {
            return new Restored(-1, "", "", 0, e);
        }
        try (raw; Child child = Child.start(argv, libpq.environment(PostgresDumper.APPLICATION_NAME, connectTimeout),
                threads, scheduler)) {
            Digesting.In in = new Digesting.In(raw);
            Future<IOException> feeding = threads.submit(() -> feed(in, child.stdin(), format));
            int code = child.await();
            IOException downloadError;
            try {
                downloadError = feeding.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("feeding the restore failed", e.getCause());
            }
            String error = code == 0 ? "" : child.errorLine();
            if (code != 0) {
                LOG.warn("backup #{}: {} exited with {}: {}", b.id(), argv.get(0), code, child.stderr().strip());
            }
            return new Restored(code, error, in.sha256Hex(), in.bytes(), downloadError);
        } catch (IOException e) {
            throw new BackupException(BackupMessages.clientCannotStart(argv.get(0), client.dir().toString()), e);
        }
    }

    /**
     * Copies the backup into the program's input. When the program stops reading (it failed), the rest is still
     * read, so the checksum covers the whole object. Answers a failure to read the object, null when it was read.
     */
    private static IOException feed(Digesting.In in, OutputStream stdin, BackupSettings.Format format) {
        try {
            try (OutputStream to = stdin) {
                InputStream from = format == BackupSettings.Format.PLAIN ? new GZIPInputStream(in, Streams.CHUNK) : in;
                Streams.copy(from, to, Streams.Ticker.NONE);
            } catch (IOException programGone) {
                // a broken pipe (the program ended) or a damaged gzip stream: read the rest for the checksum
            }
            in.drain();
            return null;
        } catch (FileNotFoundException e) {
            return e;
        } catch (IOException e) {
            return e;
        }
    }
}
