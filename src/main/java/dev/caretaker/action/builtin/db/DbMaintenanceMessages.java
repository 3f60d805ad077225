package dev.caretaker.action.builtin.db;

import java.time.Duration;
import java.util.List;

import static dev.caretaker.reply.Format.echo;
import static dev.caretaker.reply.Format.humanPrecise;

/** Sentences of the db commands that change a PostgreSQL target: vacuum, analyze, reindex and retention. */
final class DbMaintenanceMessages {

    private DbMaintenanceMessages() {
    }

    static String dbVacuumFullUseCommand(String table) {
        String t = table == null ? "<table>" : echo(table);
        return "VACUUM FULL locks `" + t + "` against reads and writes for its whole run; use `db vacuum-full " + t
                + "`, which asks you to confirm first.";
    }

    static String dbVacuumStarting(String what) {
        return "Vacuuming " + what + "…";
    }

    static String dbVacuumProgress(String relation, String phase, long done, long total) {
        String blocks = total <= 0 ? "" : ", " + done + " of " + total + " blocks (" + (done * 100 / total) + "%)";
        return "Vacuuming `" + relation + "`: " + phase + blocks + ".";
    }

    static String dbWholeDatabase() {
        return "the whole database";
    }

    static String dbVacuumDone(String what, boolean full, Duration took) {
        return (full ? "VACUUM FULL of " : "Vacuumed ") + what + (full ? " finished" : "") + " in " + humanPrecise(took);
    }

    static String dbDeadAfterUnknown() {
        return "not reported yet";
    }

    static String dbAnalyzeDone(String what, Duration took) {
        return "Analyzed " + what + " in " + humanPrecise(took) + "; the planner has fresh statistics.";
    }

    static String dbReindexDone(String relation, boolean index, Duration took) {
        return "Rebuilt " + (index ? "index `" : "the indexes of `") + relation + "` in " + humanPrecise(took);
    }

    static String dbReindexNotConcurrent() {
        return "This server is older than PostgreSQL 12, so REINDEX ran without CONCURRENTLY and blocked writes meanwhile.";
    }

    static String dbRetentionNoRules(String target) {
        return "`" + target + "` has no retention rules; add them under `caretaker.targets." + target
                + ".retention` (table, column, keep).";
    }

    static String dbRetentionDryRunHeader(String target) {
        return "Retention on `" + target + "`: dry run, nothing deleted";
    }

    static String dbRetentionDryRunHint() {
        return "Run `db retention dry-run=false` to delete these rows in batches.";
    }

    static String dbRetentionHeader(String target) {
        return "Retention on `" + target + "`: old rows deleted";
    }

    static String dbRetentionProgress(String table, long deleted, int batches) {
        return "Retention: deleted " + deleted + " rows from `" + table + "` in " + batches
                + (batches == 1 ? " batch" : " batches") + " so far…";
    }

    static String indexSizeBeforeLabel() {
        return "Index size before";
    }

    static String indexSizeAfterLabel() {
        return "Index size after";
    }

    static String concurrentlyLabel() {
        return "Concurrently";
    }

    static String yesNo(boolean yes) {
        return yes ? "yes" : "no";
    }

    static List<String> retentionDryRunColumns() {
        return List.of("table", "column", "keep", "where", "older than", "rows to delete");
    }

    static List<String> retentionColumns() {
        return List.of("table", "keep", "older than", "deleted", "batches", "took");
    }

    static String deadBeforeLabel() {
        return "Dead tuples before";
    }

    static String deadAfterLabel() {
        return "Dead tuples after";
    }

    static String removedLabel() {
        return "Removed";
    }

    static String sizeBeforeLabel() {
        return "Size before";
    }

    static String sizeAfterLabel() {
        return "Size after";
    }

    static String tookLabel() {
        return "Took";
    }

    static String statisticsLabel() {
        return "Statistics";
    }

    static String statistics(boolean analyzed) {
        return analyzed ? "refreshed (ANALYZE)" : "not refreshed";
    }
}
