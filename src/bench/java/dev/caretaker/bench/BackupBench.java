package dev.caretaker.bench;

import dev.caretaker.action.Progress;
import dev.caretaker.backup.BackupService;
import dev.caretaker.store.BackupRecord;
import dev.caretaker.support.Postgres15;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Backup wall time against {@code pg_dump | gzip} run directly on the same database, in the same run, alternated, with
 * the JVM heap's peak during each Caretaker backup. The database lives on the PostgreSQL 15 test server (Debian's
 * package, started on loopback), grown to {@code bench.mb} (default 300) MB of table data; the heap is measured at a
 * quarter of that size too, to show it does not grow with the dump.
 *
 * <p>The baseline is the shell pipeline {@code pg_dump --format=plain | gzip > file} built here as a two-process
 * pipeline ({@link ProcessBuilder#startPipeline}, no shell), which is what the runbooks do by hand, and the time an
 * fsync of its file takes is printed beside it (Caretaker's local storage syncs before the rename). Caretaker's backup
 * is measured in the same format (plain SQL, gzip), streamed to local storage with SHA-256 and row counts in the dump's
 * snapshot.
 *
 * <pre>mvn -Pbench test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dbench=BackupBench \
 *     -Dbench.mb=300 -Dbench.rounds=3</pre>
 */
public final class BackupBench {

    private static final int MB = Integer.getInteger("bench.mb", 300);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    private BackupBench() {
    }

    public static void main(String[] args) throws Exception {
        Postgres15 pg = Postgres15.get();
        String db = pg.freshDatabase("bench");
        pg.execute(db, "create table events (id bigint primary key, at timestamptz, kind text, payload text)",
                "create table users (id int primary key, name text, email text)",
                "insert into users select g, 'user ' || g, 'user' || g || '@example.com' from generate_series(1, 50000) g");
        Path dir = Files.createTempDirectory("backup-bench");
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.targets.bench.type", "postgres");
        p.put("caretaker.targets.bench.url", pg.jdbcUrl(db));
        p.put("caretaker.targets.bench.username", Postgres15.SUPERUSER);
        p.put("caretaker.targets.bench.password", Postgres15.PASSWORD);
        p.put("caretaker.backups.client-dir", pg.clientDir().toString());
        p.put("caretaker.backups.storages.local.type", "local");
        p.put("caretaker.backups.storages.local.path", dir.toString());
        p.put("caretaker.backups.format", "plain");
        p.put("caretaker.probes.enabled", "false");
        p.put("caretaker.digest.scheduler.enabled", "false");
        p.put("caretaker.backups.scheduler.enabled", "false");
        try (ApplicationContext context = TestContexts.start(p)) {
            BackupService backups = context.getBean(BackupService.class);
            long small = grow(pg, db, MB / 4, 0);
            System.out.printf(Locale.ROOT, "BackupBench: load average %s%n", StartupBench.loadAverage());
            Run warm = caretaker(backups, context);
            Run smallRun = caretaker(backups, context);
            System.out.printf(Locale.ROOT, "database %d MB: Caretaker (plain+gzip) %.2f s, %d MB stored, heap peak %d MB "
                    + "(warm-up %.2f s)%n", small / 1048576, smallRun.seconds, smallRun.bytes / 1048576,
                    smallRun.heapPeakMb, warm.seconds);
            long big = grow(pg, db, MB, small);
            List<Double> base = new ArrayList<>();
            List<Double> durable = new ArrayList<>();
            List<Double> ours = new ArrayList<>();
            List<Long> heaps = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                double[] b = baseline(pg, db, dir.resolve("baseline.sql.gz"));
                Run r = caretaker(backups, context);
                base.add(b[0]);
                durable.add(b[0] + b[1]);
                ours.add(r.seconds);
                heaps.add(r.heapPeakMb);
                System.out.printf(Locale.ROOT, "round %d: pg_dump | gzip %.2f s (+ fsync %.2f s), Caretaker %.2f s (%d MB "
                        + "stored, heap peak %d MB), ratio %.2fx%n", i + 1, b[0], b[1], r.seconds, r.bytes / 1048576,
                        r.heapPeakMb, r.seconds / b[0]);
            }
            double mb = median(base);
            double md = median(durable);
            double mo = median(ours);
            System.out.printf(Locale.ROOT, "database %d MB, %d rounds: median pg_dump | gzip %.2f s (%.2f s with fsync), "
                    + "Caretaker %.2f s, ratio %.2fx (%.2fx against the fsynced pipeline); heap peak %d MB at %d MB vs %d MB "
                    + "at %d MB; load average %s%n", big / 1048576, ROUNDS, mb, md, mo, mo / mb, mo / md,
                    heaps.stream().mapToLong(Long::longValue).max().orElse(0), big / 1048576, smallRun.heapPeakMb,
                    small / 1048576, StartupBench.loadAverage());
        }
    }

    /** One Caretaker backup: wall time, bytes stored, heap peak (all heap pools, reset before). */
    private record Run(double seconds, long bytes, long heapPeakMb) {
    }

    private static Run caretaker(BackupService backups, ApplicationContext context) throws Exception {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(m -> m.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long t0 = System.nanoTime();
        BackupRecord b = backups.backup(backups.target(java.util.Optional.of("bench")), "bench", null, Progress.NONE);
        double s = (System.nanoTime() - t0) / 1e9;
        long peak = heap.stream().mapToLong(m -> m.getPeakUsage().getUsed()).sum() / 1048576;
        return new Run(s, b.sizeBytes(), peak);
    }

    /**
     * pg_dump | gzip > file as two processes joined by a pipe (no shell), as the runbooks do it; answers its wall time
     * and, apart, the time an fsync of the file then takes (Caretaker's local storage syncs before it renames the
     * file into place, which the shell pipeline never does).
     */
    private static double[] baseline(Postgres15 pg, String db, Path out) throws Exception {
        ProcessBuilder dump = new ProcessBuilder(pg.clientDir().resolve("pg_dump").toString(), "--format=plain",
                "--host=127.0.0.1", "--port=" + pg.port(), "--username=" + Postgres15.SUPERUSER, "--dbname=" + db);
        dump.environment().put("PGPASSWORD", Postgres15.PASSWORD);
        ProcessBuilder gzip = new ProcessBuilder("gzip", "-6").redirectOutput(out.toFile());
        long t0 = System.nanoTime();
        List<Process> ps = ProcessBuilder.startPipeline(List.of(dump, gzip));
        for (Process p : ps) {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("baseline failed: " + new String(p.getErrorStream().readAllBytes()));
            }
        }
        double pipeline = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        try (java.nio.channels.FileChannel f = java.nio.channels.FileChannel.open(out, java.nio.file.StandardOpenOption.WRITE)) {
            f.force(true);
        }
        return new double[] {pipeline, (System.nanoTime() - t1) / 1e9};
    }

    /** Inserts rows until the table data reaches {@code mb}; answers the database's size in bytes. */
    private static long grow(Postgres15 pg, String db, int mb, long size) throws Exception {
        long id = 0;
        try (var c = pg.connect(db); var st = c.createStatement()) {
            while (true) {
                try (var rs = st.executeQuery("select pg_database_size(current_database()), coalesce(max(id), 0) from events")) {
                    rs.next();
                    size = rs.getLong(1);
                    id = rs.getLong(2);
                }
                if (size >= (long) mb * 1048576) {
                    return size;
                }
                st.execute("insert into events select g, now() - g * interval '1 second', 'kind ' || (g % 17), "
                        + "md5(g::text) || ' ' || md5((g * 7)::text) || ' ' || repeat(chr(97 + (g % 26)), g % 60) "
                        + "from generate_series(" + (id + 1) + ", " + (id + 200_000) + ") g");
            }
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        return s.get(s.size() / 2);
    }
}
