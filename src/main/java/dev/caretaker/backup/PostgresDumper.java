package dev.caretaker.backup;

import dev.caretaker.action.builtin.db.DbFailures;
import dev.caretaker.store.BackupCatalog;
import dev.caretaker.target.postgres.BackupQueries;
import dev.caretaker.target.postgres.Libpq;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;

/**
 * Dumps a postgres target with the system {@code pg_dump} into a stream: an exported snapshot is opened first, the
 * dump reads it ({@code --snapshot}) while the rows of every table are counted in the same snapshot, so the counts are
 * exactly what the dump holds. Custom format by default; plain SQL is compressed with gzip here, on the way out.
 */
@Singleton
public class PostgresDumper {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresDumper.class);
    /** The name the dump's session shows in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "caretaker-backup";
    private static final Duration COUNT_TIMEOUT = Duration.ofHours(2);

    private final PgTools tools;
    private final ExecutorService threads;
    private final TaskScheduler scheduler;

    public PostgresDumper(PgTools tools, @Named(TaskExecutors.BLOCKING) ExecutorService threads,
                          @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.tools = tools;
        this.threads = threads;
        this.scheduler = scheduler;
    }

    /** What a dump needs before any byte is written: the server's version and a client that can dump it. */
    public record Plan(BackupQueries.ServerVersion server, PgTools.Client client, Libpq libpq) {
    }

    /** Checks the server and the client; fails fast with the package to install. */
    public Plan plan(PostgresClient db) throws BackupException {
        try {
            BackupQueries.ServerVersion v = db.backups().serverVersion();
            PgTools.Client c = tools.forServer(db.name(), v.major(), List.of("pg_dump"));
            return new Plan(v, c, db.backups().libpq());
        } catch (PostgresException e) {
            throw new BackupException(DbFailures.sentence(e, db.settings()), e);
        }
    }

    /** Dumps the database into {@code out} (which counts and hashes); answers what the catalogue records. */
    public BackupCatalog.Completed dump(PostgresClient db, Plan plan, BackupSettings.Format format, Digesting.Out out,
                                        Streams.Ticker ticker) throws BackupException, InterruptedException {
        try (BackupQueries.Snapshot snapshot = db.backups().exportSnapshot()) {
            List<String> argv = new ArrayList<>();
            argv.add(plan.client().tool("pg_dump").toString());
            argv.add(format == BackupSettings.Format.PLAIN ? "--format=plain" : "--format=custom");
            argv.add("--snapshot=" + snapshot.id());
            argv.addAll(plan.libpq().arguments());
            Map<String, String> env = plan.libpq().environment(APPLICATION_NAME,
                    (int) db.settings().connectTimeout().toSeconds());
            try (Child child = Child.start(argv, env, threads, scheduler)) {
                child.stdin().close();
                Future<Map<String, Long>> counts = threads.submit(() -> snapshot.countRows(COUNT_TIMEOUT));
                try {
                    if (format == BackupSettings.Format.PLAIN) {
                        GZIPOutputStream gzip = new GZIPOutputStream(out, Streams.CHUNK);
                        Streams.copy(child.stdout(), gzip, ticker);
                        gzip.finish();
                    } else {
                        Streams.copy(child.stdout(), out, ticker);
                    }
                } catch (IOException e) {
                    child.close();
                    if (Thread.currentThread().isInterrupted() || e instanceof java.io.InterruptedIOException) {
                        throw new InterruptedException("backup of " + db.name() + " stopped");
                    }
                    LOG.warn("backup of {}: writing the dump failed", db.name(), e);
                    throw new BackupException(BackupMessages.storageWriteFailed(db.name(), e), e);
                }
                int code = child.await();
                if (code != 0) {
                    LOG.warn("backup of {}: pg_dump exited with {}: {}", db.name(), code, child.stderr().strip());
                    throw new BackupException(BackupMessages.dumpFailed(db.name(), child.errorLine()));
                }
                Map<String, Long> rows = rows(db, counts);
                return new BackupCatalog.Completed(out.bytes(), out.sha256Hex(), plan.server().text(),
                        plan.client().version(), rows, null);
            } catch (IOException e) {
                throw new BackupException(BackupMessages.clientCannotStart("pg_dump", plan.client().dir().toString()), e);
            }
        } catch (PostgresException e) {
            throw new BackupException(DbFailures.sentence(e, db.settings()), e);
        }
    }

    private static Map<String, Long> rows(PostgresClient db, Future<Map<String, Long>> counts)
            throws BackupException, InterruptedException, PostgresException {
        try {
            return counts.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PostgresException p) {
                throw p;
            }
            throw new BackupException(BackupMessages.countsFailed(db.name()), e.getCause());
        }
    }
}
