package dev.caretaker.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One row of the backups catalogue: a dump or archive of a target, where it is stored and what proves it. Fields
 * that are only known later ({@code finishedAt}, {@code sizeBytes}, {@code sha256}, …) are null until then.
 *
 * @param tableCounts rows per table ({@code schema.table}) in the dump's snapshot; empty for file archives
 * @param fileCount   files in an archive; null for a database dump
 */
public record BackupRecord(long id, String target, String kind, String format, String status, String storage,
                           String storageKey, Instant startedAt, Instant heartbeatAt, Instant finishedAt,
                           Long sizeBytes, String sha256, String serverVersion, String clientVersion,
                           Map<String, Long> tableCounts, Long fileCount, String error, String requestedBy,
                           Instant scheduledAt, String replica, Instant verifiedAt, String verifyStatus) {

    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String PRUNING = "pruning";
    public static final String PASSED = "passed";
    public static final String POSTGRES = "postgres";
    public static final String FILES = "files";
    /** {@code requestedBy} of a backup the schedule started. */
    public static final String SCHEDULE = "schedule";

    public BackupRecord {
        tableCounts = tableCounts == null ? Map.of() : new TreeMap<>(tableCounts);
    }

    public boolean done() {
        return DONE.equals(status);
    }

    /** Whether the last verification of this backup passed. */
    public boolean verified() {
        return PASSED.equals(verifyStatus);
    }

    public Optional<Instant> finished() {
        return Optional.ofNullable(finishedAt);
    }
}
