/**
 * Backups that are proven: pg_dump and tar.gz archives streamed to local or S3-compatible storage, the catalogue,
 * verification by restore, retention, the schedule, restores with approval, and the freshness probe, digest section
 * and checklist check that show them.
 */
package dev.caretaker.backup;
