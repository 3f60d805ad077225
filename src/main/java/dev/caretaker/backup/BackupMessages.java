package dev.caretaker.backup;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Every sentence, header and label the backups feature shows to people, in one place to review. */
public final class BackupMessages {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneId.of("UTC"));

    private BackupMessages() {
    }

    // ---- figures ---------------------------------------------------------------------------------------------------

    /** Bytes as people read them: 512 B, 12.3 MB. */
    public static String size(long bytes) {
        double v = bytes;
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** 45 s, 3m 20s, 2h 05m. */
    public static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + "m " + String.format(Locale.ROOT, "%02ds", s % 60);
        }
        if (s < 86_400 * 2) {
            return (s / 3600) + "h " + String.format(Locale.ROOT, "%02dm", (s % 3600) / 60);
        }
        return (s / 86_400) + " days";
    }

    public static String when(Instant at) {
        return at == null ? "–" : WHEN.format(at);
    }

    /** How long ago, from {@code now}. */
    public static String ago(Instant at, Instant now) {
        return at == null ? never() : duration(Duration.between(at, now)) + " ago";
    }

    private static String list(Collection<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static String code(String s) {
        return "`" + s + "`";
    }

    // ---- configuration ---------------------------------------------------------------------------------------------

    public static String configUnknownTarget(String key, String name, Collection<String> backupable) {
        return key + " names target " + code(name) + ", which is not configured under caretaker.targets (targets that "
                + "can be backed up: " + list(backupable) + ").";
    }

    public static String configNotBackupable(String key, String name, String type) {
        return key + ": target " + code(name) + " is of type " + type + "; only postgres and files targets can be "
                + "backed up.";
    }

    public static String configNotDuration(String key, String text) {
        return key + " is \"" + text + "\", not a positive duration like 30d, 26h or 10m.";
    }

    public static String configTooSmall(String key, int min) {
        return key + " must be at least " + min + ".";
    }

    public static String configNotNumber(String key, String text) {
        return key + " is \"" + text + "\", not a whole number.";
    }

    public static String configNotBoolean(String key, String text) {
        return key + " is \"" + text + "\"; write true or false.";
    }

    public static String configBadFormat(String key, String text) {
        return key + " is \"" + text + "\"; write custom (pg_dump's custom format, the default) or plain (SQL, gzipped).";
    }

    public static String configBadCron(String key, String text, String detail) {
        return key + " is \"" + text + "\", which is not a cron expression: " + detail;
    }

    public static String configBadZone(String key, String text) {
        return key + " is \"" + text + "\", not a time zone like Europe/Berlin or UTC.";
    }

    public static String configBadChannel(String key, String text) {
        return key + " is \"" + text + "\", not a channel address like slack:C0123ABCD, discord:112233445566778899 "
                + "or console.";
    }

    public static String configUnknownStorage(String key, String name, Collection<String> known) {
        return key + " names storage " + code(name) + ", which is not configured under caretaker.backups.storages "
                + "(configured: " + list(known) + ").";
    }

    public static String configVerifyTargetUnknown(String key, String name, Collection<String> postgres) {
        return key + " names " + code(name) + ", which is not a postgres target (postgres targets: " + list(postgres)
                + ").";
    }

    public static String configS3NeedsBucket(String key) {
        return key + " is missing: an s3 storage needs the name of its bucket.";
    }

    public static String configNotUrl(String key) {
        return key + " is not a URL like https://<account>.r2.cloudflarestorage.com or http://127.0.0.1:9000.";
    }

    public static String configS3KeysTogether(String key) {
        return key + ": set access-key-id and secret-access-key together, or neither to use the AWS SDK's default "
                + "credentials chain.";
    }

    public static String configBadStorageType(String key, String type) {
        return key + " is \"" + type + "\"; a storage is of type local or s3.";
    }

    public static String configCriticalBeforeWarn(String key) {
        return key + ": critical-after must not be shorter than warn-after.";
    }

    // ---- targets ---------------------------------------------------------------------------------------------------

    public static String noTargets() {
        return "There is nothing to back up: configure a postgres or files target under caretaker.targets.";
    }

    public static String chooseTarget(Collection<String> names) {
        return "Which target? Add target=<name>; targets that can be backed up: " + list(names) + ".";
    }

    public static String unknownTarget(String name, Collection<String> names) {
        return "There is no target " + code(name) + " to back up; targets that can be: " + list(names) + ".";
    }

    public static String notBackupable(String name, String type, Collection<String> names) {
        return code(name) + " is a " + type + " target; only postgres and files targets can be backed up ("
                + list(names) + ").";
    }

    // ---- client programs -------------------------------------------------------------------------------------------

    /** The Debian / Ubuntu package with the client of a PostgreSQL major. */
    public static String clientPackage(int major) {
        return "postgresql-client-" + major;
    }

    public static String clientMissing(String tool, int serverMajor, boolean configured) {
        return tool + " was not found" + (configured ? " in caretaker.backups.client-dir" : "") + ": install "
                + clientPackage(serverMajor) + " (Debian and Ubuntu; PostgreSQL's own apt repository has every major)"
                + (configured ? ", or fix caretaker.backups.client-dir." : " and try again.");
    }

    public static String clientTooOld(String tool, int clientMajor, String target, int serverMajor) {
        return tool + " " + clientMajor + " cannot back up " + code(target) + ", which runs PostgreSQL " + serverMajor
                + ": install " + clientPackage(serverMajor) + " (PostgreSQL's own apt repository has it for Debian and "
                + "Ubuntu) or point caretaker.backups.client-dir at its bin directory.";
    }

    public static String clientCannotStart(String tool, String dir) {
        return tool + " in " + dir + " could not be started; check that it is installed and executable.";
    }

    // ---- backup now ------------------------------------------------------------------------------------------------

    public static String alreadyRunning(String target, long id, String by) {
        return "A backup of " + code(target) + " is already running (#" + id + ", started by " + by + "); wait for it "
                + "to finish.";
    }

    public static String started(String target, long id, String where) {
        return "Backing up " + code(target) + " as #" + id + " to " + where + "…";
    }

    public static String progress(String target, long bytes, Duration elapsed) {
        return "Backing up " + code(target) + ": " + size(bytes) + " written in " + duration(elapsed) + "…";
    }

    public static String stopped(String target) {
        return "The backup of " + code(target) + " was stopped before it finished; nothing was kept.";
    }

    public static String crashed(String target, long id) {
        return "The backup of " + code(target) + " (#" + id + ") failed unexpectedly; nothing was kept and the log has "
                + "the details.";
    }

    public static String dumpFailed(String target, String detail) {
        return "pg_dump could not back up " + code(target) + (detail.isBlank() ? "" : ": " + oneLine(detail))
                + "; nothing was kept.";
    }

    public static String countsFailed(String target) {
        return "The rows of " + code(target) + " could not be counted in the dump's snapshot; nothing was kept.";
    }

    public static String storageWriteFailed(String target, IOException e) {
        return "The backup of " + code(target) + " could not be written to its storage ("
                + oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "); nothing was kept.";
    }

    public static String storageUnknown(String name) {
        return "Storage " + code(name) + " is not configured under caretaker.backups.storages.";
    }

    public static String storageGone(long id, String name) {
        return "Backup #" + id + " is in storage " + code(name) + ", which is no longer configured.";
    }

    public static String filesTargetNeedsPaths() {
        return "a files target needs paths: the directories to archive, e.g. paths: [/srv/app/uploads, /etc/app]";
    }

    public static String filesPathNotAbsolute(String path) {
        return "paths entry " + path + " is not an absolute path";
    }

    public static String filesNoPaths(String target) {
        return "Files target " + code(target) + " has no paths: list its directories under caretaker.targets."
                + target + ".paths.";
    }

    public static String filesPathMissing(String target, String path) {
        return "Files target " + code(target) + ": " + path + " does not exist; nothing was backed up.";
    }

    public static String filesPathUnreadable(String target, String path) {
        return "Files target " + code(target) + ": " + path + " cannot be read by Caretaker; nothing was backed up.";
    }

    public static String filesUnreadable(String target, String path) {
        return path + " of files target " + target + " could not be read";
    }

    public static String archiveEntryOutside(String name) {
        return "The archive holds an entry (" + oneLine(name) + ") that would land outside the directory it is restored "
                + "into; nothing more was extracted.";
    }

    // ---- replies ---------------------------------------------------------------------------------------------------

    public static String doneHeader(String target, long id) {
        return "Backup #" + id + " of " + code(target) + " stored";
    }

    public static String doneText(String target, long bytes, Duration took, String where) {
        return code(target) + " was backed up: " + size(bytes) + " in " + duration(took) + ", stored in " + where + ".";
    }

    public static final String FIELD_SIZE = "Size";
    public static final String FIELD_SHA256 = "SHA-256";
    public static final String FIELD_TABLES = "Tables";
    public static final String FIELD_ROWS = "Rows";
    public static final String FIELD_FILES = "Files";
    public static final String FIELD_STORAGE = "Storage";
    public static final String FIELD_KEY = "Key";
    public static final String FIELD_VERSIONS = "Server / pg_dump";
    public static final String FIELD_STARTED = "Started";
    public static final String FIELD_FINISHED = "Finished";
    public static final String FIELD_STATUS = "Status";
    public static final String FIELD_BY = "Requested by";
    public static final String FIELD_VERIFIED = "Verified";
    public static final String FIELD_FORMAT = "Format";
    public static final String FIELD_ERROR = "Error";
    public static final String COLUMN_TABLE = "table";
    public static final String COLUMN_ROWS = "rows";

    public static final List<String> LIST_COLUMNS = List.of("id", "target", "started", "status", "size", "verified");
    public static final List<String> VERIFICATION_COLUMNS = List.of("finished", "result", "failed at", "by");

    public static String showHeader(long id, String target) {
        return "Backup #" + id + " of " + code(target);
    }

    public static String listHeader(String target, int n) {
        return (target == null ? "Backups" : "Backups of " + code(target)) + ", newest first (" + n + ")";
    }

    public static String noBackups(String target) {
        return target == null ? "There are no backups yet; run `backup now` to make one."
                : "There are no backups of " + code(target) + " yet; run `backup now " + target + "` to make one.";
    }

    public static String verifiedAgo(Instant at, Instant now) {
        return "passed " + ago(at, now);
    }

    public static String verifyFailedLabel() {
        return "FAILED";
    }

    public static String verificationsHeading(int n) {
        return "Verifications (" + n + "):";
    }

    public static String moreTables(int n) {
        return "… and " + n + " more tables.";
    }

    public static String backupNotFound(long id) {
        return "There is no backup #" + id + "; `backup list` shows them.";
    }

    // ---- verify ----------------------------------------------------------------------------------------------------

    public static String verifyNotStored(long id, String status) {
        return "Backup #" + id + " is " + status + ", not stored; only a stored backup can be verified.";
    }

    public static String verifying(long id, String target) {
        return "Verifying backup #" + id + " of " + code(target) + ": downloading and checking its SHA-256…";
    }

    public static String restoring(long id, String scratch, String server) {
        return "Restoring backup #" + id + " into scratch database " + code(scratch) + " on " + code(server) + "…";
    }

    public static String verifyChecksum(long id, String target) {
        return "Backup #" + id + " of " + code(target) + " failed verification: its SHA-256 does not match the "
                + "catalogue, so the stored object was changed or damaged after it was written.";
    }

    public static String verifyDownload(long id, String target, IOException e) {
        return "Backup #" + id + " of " + code(target) + " failed verification: it could not be read from its storage ("
                + oneLine(e instanceof java.io.FileNotFoundException ? "the object is missing"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ").";
    }

    public static String verifyRestore(long id, String target, String error) {
        return "Backup #" + id + " of " + code(target) + " failed verification: the restore failed"
                + (error == null || error.isBlank() ? "" : " (" + oneLine(error) + ")") + ".";
    }

    public static String verifyCounts(long id, String target, int wrong, int tables) {
        return "Backup #" + id + " of " + code(target) + " failed verification: " + wrong + " of " + tables
                + " tables restored with other row counts than the dump's snapshot had.";
    }

    public static String verifyArchiveUnreadable(long id, String target, String detail) {
        return "Backup #" + id + " of " + code(target) + " failed verification: the archive cannot be read to the end"
                + (detail.isBlank() ? "" : " (" + oneLine(detail) + ")") + ".";
    }

    public static String verifyFileCount(long id, String target, long expected, long found) {
        return "Backup #" + id + " of " + code(target) + " failed verification: the archive holds " + found
                + " files, the catalogue says " + expected + ".";
    }

    public static String verifiedDump(long id, String target, int tables, long rows) {
        return "Backup #" + id + " of " + code(target) + " is proven: its checksum matches and it restored with the "
                + "same row counts in all " + tables + " tables (" + rows + " rows).";
    }

    public static String verifiedArchive(long id, String target, long files, long bytes) {
        return "Backup #" + id + " of " + code(target) + " is proven: its checksum matches and all " + files
                + " files (" + size(bytes) + ") read back.";
    }

    public static String verifyTargetGone(long id, String target) {
        return "Backup #" + id + " cannot be verified: " + code(target) + " is no longer a configured postgres target.";
    }

    public static String verifyServerFailed(String server, String sentence) {
        return "The verification could not start on " + code(server) + ": " + sentence
                + " Caretaker needs to create and drop a scratch database there (CREATEDB).";
    }

    public static String verifyHeader(long id, String target, boolean passed) {
        return "Backup #" + id + " of " + code(target) + (passed ? " verified" : " FAILED verification");
    }

    public static String noStoredBackup(String target) {
        return "There is no stored backup of " + code(target) + " to verify; run `backup now " + target + "` first.";
    }

    public static String notABackupId(String text) {
        return "\"" + oneLine(text) + "\" is not a backup: give its number from `backup list`, or latest.";
    }

    public static final List<String> VERIFY_COLUMNS = List.of("table", "in dump", "restored", "");
    public static final String MATCH = "ok";
    public static final String MISMATCH = "DIFFERENT";
    public static final String MISSING = "missing";

    // ---- prune -----------------------------------------------------------------------------------------------------

    public static String pruneDeleteFailed(long id, String where, IOException e) {
        return "Backup #" + id + " could not be deleted from " + where + " ("
                + oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + "); its row stays marked and the next prune tries again.";
    }

    public static String pruneHeader(String target, boolean dryRun) {
        return "Prune of " + code(target) + (dryRun ? " (dry run)" : "");
    }

    public static String pruneSummary(long toDelete, int total, long bytes, boolean dryRun, int deleted) {
        if (toDelete == 0) {
            return "Nothing to delete: all " + total + " backups are kept.";
        }
        return dryRun
                ? toDelete + " of " + total + " backups would be deleted (" + size(bytes) + "); run with dry-run=false "
                + "to delete them."
                : deleted + " of " + total + " backups deleted (" + size(bytes) + " freed).";
    }

    public static String pruneNothing() {
        return "There are no backups to prune.";
    }

    public static String pruneReason(Pruner.Reason r, java.time.Duration keep, int keepVerified) {
        return switch (r) {
            case DELETE -> "delete: older than " + duration(keep);
            case NEWEST -> "keep: newest backup";
            case NEWEST_VERIFIED -> "keep: one of the " + keepVerified + " newest verified";
            case RECENT -> "keep: within " + duration(keep);
            case FAILED_OLD -> "delete: failed, older than " + duration(keep);
            case UNFINISHED -> "delete: left by an earlier prune";
        };
    }

    public static final List<String> PRUNE_COLUMNS = List.of("id", "started", "status", "size", "verified", "decision");

    // ---- restore ---------------------------------------------------------------------------------------------------

    public static String restoreNotStored(long id, String status) {
        return "Backup #" + id + " is " + status + ", not stored; only a stored backup can be restored.";
    }

    public static String restoreNoServer(String name, Collection<String> postgres) {
        return code(name) + " is not a postgres target to restore onto (postgres targets: " + list(postgres) + ").";
    }

    public static String restoreBadDatabaseName(String into) {
        return "into=" + oneLine(into) + " is not a database name PostgreSQL accepts (1 to 63 bytes).";
    }

    public static String restoreOverOwnDatabase() {
        return "Caretaker cannot restore over its own database while it runs; restore into another database with "
                + "into=<name>.";
    }

    public static String restoreLiveNeedsForce(String into, String target) {
        return code(into) + " is the live database (or files) of " + code(target) + ": restoring over it needs force=true, "
                + "and a maintenance window on " + target + " (maint on 30m targets=" + target + ").";
    }

    public static String restoreLiveNeedsWindow(String into, String target) {
        return "Restoring over the live " + code(into) + " of " + code(target) + " needs a maintenance window that "
                + "covers " + target + " now; start one with maint on 30m targets=" + target + " and ask again.";
    }

    public static String restorePlainNeedsNewDatabase(String into, String server) {
        return "Backup is plain SQL, which cannot replace what an existing database holds: " + code(into) + " exists on "
                + code(server) + "; restore into a new database name.";
    }

    public static String restoreNotAbsolute(String into) {
        return "into=" + oneLine(into) + " must be an absolute directory path for an archive of files.";
    }

    public static String restoreNotADirectory(String into) {
        return oneLine(into) + " exists and is not a directory.";
    }

    public static String restoreDirectoryUnreadable(String into) {
        return oneLine(into) + " cannot be read by Caretaker.";
    }

    public static String restoreDirectoryNotEmpty(String into) {
        return oneLine(into) + " is not empty: restore into a new or empty directory, or add force=true to write over "
                + "files of the same names there.";
    }

    public static String restoreChecking(long id) {
        return "Checking the SHA-256 of backup #" + id + " before anything changes…";
    }

    public static String restoreChecksum(long id) {
        return "Backup #" + id + " does not match its SHA-256 any more (changed or damaged after it was written); "
                + "nothing was restored.";
    }

    public static String restoreUnreadable(long id, IOException e) {
        return "Backup #" + id + " could not be read from its storage ("
                + oneLine(e instanceof java.io.FileNotFoundException ? "the object is missing"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "); nothing was restored.";
    }

    public static String restoreRunning(long id, String into, String server) {
        return "Restoring backup #" + id + " into " + code(into) + " on " + code(server) + "…";
    }

    public static String restoreExtracting(long id, String into) {
        return "Extracting backup #" + id + " under " + into + "…";
    }

    public static String restoreFailed(long id, String into, String error) {
        return "Backup #" + id + " could not be restored into " + code(into)
                + (error == null || error.isBlank() ? "" : " (" + oneLine(error) + ")")
                + "; the restore ran in one transaction, so nothing was changed.";
    }

    public static String restoreExtractFailed(long id, String into, IOException e) {
        return "Backup #" + id + " could not be extracted under " + oneLine(into) + " ("
                + oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ").";
    }

    public static String restorePreviewHeader(long id, String target) {
        return "Restore backup #" + id + " of " + code(target);
    }

    public static String restorePreviewBackup(long id, java.time.Instant taken, int tables, long rows, long bytes) {
        return "Backup #" + id + " was taken " + when(taken) + ": " + tables + " tables, " + rows + " rows, "
                + size(bytes) + ".";
    }

    public static String restorePreviewFilesBackup(long id, java.time.Instant taken, long files, long bytes) {
        return "Backup #" + id + " was taken " + when(taken) + ": " + files + " files, " + size(bytes) + " compressed.";
    }

    public static String restorePreviewNewDatabase(String into, String server) {
        return "Database " + code(into) + " does not exist on " + code(server) + ": it will be created and the backup "
                + "restored into it. Nothing existing is overwritten.";
    }

    public static String restorePreviewOverwrite(String into, String server, int tables, long bytes) {
        return "Database " + code(into) + " on " + code(server) + " exists (" + tables + " tables, " + size(bytes)
                + ") and WILL BE OVERWRITTEN: every object the backup holds is dropped and re-created from it, in one "
                + "transaction; objects the backup does not have stay.";
    }

    public static String restorePreviewOwner(String user) {
        return "Caretaker connects as " + code(user) + ", not a superuser: the restored objects will be owned by "
                + code(user) + ", not by their original owners.";
    }

    public static String restorePreviewLive(String into, String target) {
        return "This is the LIVE database of " + code(target) + " (" + code(into) + "); a maintenance window covers it.";
    }

    public static String restorePreviewNewDirectory(String into) {
        return "The archive will be extracted under " + into + ", a new directory. Nothing existing is overwritten.";
    }

    public static String restorePreviewDirectory(String into, boolean hasFiles) {
        return "The archive will be extracted under " + into + (hasFiles
                ? ", which is not empty: files with the same names WILL BE OVERWRITTEN." : ", an empty directory.");
    }

    public static String restorePreviewLiveFiles(String target) {
        return "This extracts to the original paths: the LIVE files of " + code(target) + " WILL BE OVERWRITTEN; a "
                + "maintenance window covers it.";
    }

    public static String restoredHeader(long id, String target) {
        return "Backup #" + id + " of " + code(target) + " restored";
    }

    public static String restoredDatabase(String into, String server, int tables, long rows, long wrong) {
        return "Restored into " + code(into) + " on " + code(server) + ": " + tables + " tables, " + rows + " rows"
                + (wrong == 0 ? ", every count as in the backup." : "; " + wrong + " tables have other row counts than "
                + "the backup's snapshot (see below).");
    }

    public static String restoredFiles(String into, long files, long bytes) {
        return "Extracted " + files + " files (" + size(bytes) + ") under " + into + ".";
    }

    // ---- schedule --------------------------------------------------------------------------------------------------

    public static String scheduledStarted(String target, Instant at, boolean late) {
        return "Scheduled backup of " + code(target) + " for " + when(at) + (late ? " (missed while Caretaker was down, "
                + "run now)" : "") + " is running…";
    }

    public static String scheduledStored(String target, long id, Long bytes) {
        return "Scheduled backup #" + id + " of " + code(target) + " stored (" + size(bytes == null ? 0 : bytes)
                + "); verifying…";
    }

    public static String scheduledDone(String target, long id, Long bytes, String verified, int pruned) {
        return "Scheduled backup #" + id + " of " + code(target) + ": " + size(bytes == null ? 0 : bytes) + " stored. "
                + (verified == null ? "Not verified (verify: false). " : verified + " ")
                + (pruned == 0 ? "Nothing pruned." : pruned + " old backups pruned.");
    }

    public static String scheduledFailed(String target, String sentence) {
        return "Scheduled backup of " + code(target) + " FAILED: " + sentence;
    }

    public static String interrupted(String target, long id) {
        return "The backup of " + code(target) + " (#" + id + ") stopped with the Caretaker replica that ran it; nothing "
                + "was kept.";
    }

    // ---- freshness, digest, checklist -------------------------------------------------------------------------------

    public static String freshnessNone(String target, boolean verified) {
        return "No " + (verified ? "verified " : "") + "backup of " + target + " yet: run backup now " + target
                + " or wait for its schedule.";
    }

    public static String freshness(String target, long id, Instant taken, Instant now, boolean verified, String level) {
        return "Newest " + (verified ? "verified " : "") + "backup of " + target + " is #" + id + ", taken "
                + ago(taken, now) + (level.isBlank() ? "" : " (" + level + ")") + ".";
    }

    public static String never() {
        return "never";
    }

    public static String digestHeading(int targets) {
        return "Backups of " + targets + (targets == 1 ? " target:" : " targets:");
    }

    public static final List<String> DIGEST_COLUMNS = List.of("target", "last backup", "size", "vs 7 days",
            "last verification", "status");

    public static String checkNoBackups() {
        return "No target is backed up yet, so no restore test can have passed.";
    }

    public static String checkNotVerified(Collection<String> targets, int days) {
        return "No restore test passed in the last " + days + " days for: " + String.join(", ", targets)
                + " (backup verify latest <target>).";
    }

    public static String checkVerified(int targets, Instant oldest, Instant now) {
        return "A restore test passed within 31 days for " + (targets == 1 ? "the backed-up target" : "all " + targets
                + " backed-up targets") + " (the oldest " + ago(oldest, now) + ").";
    }

    private static String oneLine(String text) {
        String t = text == null ? "" : text.strip();
        int nl = t.indexOf('\n');
        if (nl >= 0) {
            t = t.substring(0, nl);
        }
        if (t.length() > 240) {
            t = t.substring(0, 239) + "…";
        }
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
