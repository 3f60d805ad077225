package dev.caretaker.store;

import java.time.Instant;
import java.util.List;

/**
 * One verification of a backup: restored into a scratch database and counted (or, for an archive, read in full),
 * with its checksum checked first.
 *
 * @param failure what failed ({@code checksum}, {@code download}, {@code restore}, {@code counts}, {@code archive}),
 *                null when it passed
 * @param tables  per table the rows the catalogue expects and the rows the restore has; empty for archives
 */
public record BackupVerification(long id, long backupId, Instant startedAt, Instant finishedAt, String status,
                                 String failure, String detail, List<TableCheck> tables, String requestedBy) {

    /** Rows of one table: as counted in the dump's snapshot, and as found after the restore (-1: table missing). */
    public record TableCheck(String table, long expected, long restored) {

        public boolean matches() {
            return expected == restored;
        }
    }

    public BackupVerification {
        tables = tables == null ? List.of() : List.copyOf(tables);
        detail = detail == null ? "" : detail;
    }

    public boolean passed() {
        return BackupRecord.PASSED.equals(status);
    }
}
