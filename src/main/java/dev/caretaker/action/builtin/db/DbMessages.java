package dev.caretaker.action.builtin.db;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import static dev.caretaker.reply.Format.echo;
import static dev.caretaker.reply.Format.human;

/** Sentences of the db commands that look at a PostgreSQL target, and of its failures. */
public final class DbMessages {

    private DbMessages() {
    }

    public static String noPostgresTarget() {
        return "No PostgreSQL target is configured; add one under `caretaker.targets` with `type: postgres`.";
    }

    public static String dbChooseTarget(Collection<String> names) {
        return "There are several PostgreSQL targets (" + String.join(", ", names) + "); say which with target=<name>.";
    }

    static String dbUnreachable(String target, String detail) {
        return "I can't connect to `" + target + "`" + (detail.isBlank() ? "" : " (" + echo(detail) + ")")
                + "; check that it is up and its url and credentials under `caretaker.targets." + target + "`.";
    }

    static String dbBusy(String target, int connections) {
        return "All " + connections + " connections Caretaker may open to `" + target + "` are busy with other commands; "
                + "try again when they finish, or raise `caretaker.targets." + target + ".max-connections`.";
    }

    public static String dbConnectionLost(String target) {
        return "The connection to `" + target + "` was lost while the command ran; check that the database is up, "
                + "then run it again.";
    }

    public static String dbTimedOut(String target, Duration timeout) {
        return "`" + target + "` did not finish " + (timeout == null ? "in time" : "within " + human(timeout))
                + ", so I stopped the statement; try again when it is less busy.";
    }

    static String dbCancelled(String target) {
        return "Someone cancelled the statement on `" + target + "` while it ran; nothing more was done.";
    }

    static String dbLockTimeout(String target, Duration lockTimeout) {
        return "Another session on `" + target + "` held a lock I needed for more than " + human(lockTimeout)
                + "; `db locks` shows who, then try again.";
    }

    static String dbPermission(String target, String detail) {
        return "The database user of `" + target + "` lacks a privilege (" + echo(detail)
                + "); grant it or configure another user.";
    }

    public static String dbReadOnly(String target) {
        return "This command is read-only and tried to change data on `" + target
                + "`; the database refused, so nothing changed.";
    }

    public static String dbNotFound(String target, String name) {
        return "`" + target + "` has no table, index or column `" + echo(name)
                + "`; check the name (schema.table for other schemas), `db sizes` lists the tables.";
    }

    static String dbError(String target, String detail) {
        return "`" + target + "` answered with an error: " + echo(detail) + ".";
    }

    static String dbStatusHeader(String target, String database, String version) {
        return "PostgreSQL `" + target + "`: database " + database + ", version " + version;
    }

    static String dbRateFirstReading() {
        return "first reading; ask again for a rate";
    }

    static String dbNoReplicas() {
        return "no replicas";
    }

    public static String dbStatementsAvailable() {
        return "available (`db slow`)";
    }

    static String dbStatementsNotLoaded(String target) {
        return "pg_stat_statements is installed on `" + target + "` but not loaded: add pg_stat_statements to "
                + "shared_preload_libraries in postgresql.conf and restart PostgreSQL.";
    }

    public static String dbStatementsNotInstalled(String target) {
        return "pg_stat_statements is not enabled on `" + target + "`: add pg_stat_statements to "
                + "shared_preload_libraries in postgresql.conf, restart PostgreSQL, then run "
                + "CREATE EXTENSION pg_stat_statements; in the database.";
    }

    static String dbSlowEmpty(String target) {
        return "pg_stat_statements on `" + target + "` has recorded no statements yet.";
    }

    static String dbQueriesHeader(String target, Duration min) {
        return "Queries on `" + target + "` running longer than " + human(min);
    }

    static String dbQueriesNone(String target, Duration min) {
        return "No query on `" + target + "` has been running longer than " + human(min) + ".";
    }

    static String dbQueriesHint() {
        return "Stop a statement with `db cancel <pid>`, end a session with `db terminate <pid>`.";
    }

    static String dbCancelSent(int pid, String user, String running) {
        return "Cancelled the statement of pid " + pid + (user.isBlank() ? "" : " (" + user + ")")
                + (running.isBlank() ? "" : ", which had run for " + running) + ".";
    }

    static String dbTerminateSent(int pid, String user) {
        return "Terminated the session of pid " + pid + (user.isBlank() ? "" : " (" + user + ")")
                + "; its open transaction was rolled back.";
    }

    static String dbNoSuchPid(long pid) {
        return "There is no session with pid " + pid + "; `db queries` lists the current ones.";
    }

    static String dbOwnSession(int pid) {
        return "pid " + pid + " is one of Caretaker's own sessions; I won't cancel or terminate it.";
    }

    static String dbSignalNotSent(int pid) {
        return "The server did not signal pid " + pid + "; the session had probably just ended.";
    }

    static String dbLocksNone(String target) {
        return "No session on `" + target + "` is waiting for a lock.";
    }

    static String dbLocksHeader(String target, int waiting) {
        return waiting + (waiting == 1 ? " session" : " sessions") + " waiting for locks on `" + target + "`";
    }

    static String dbLocksRoots(List<Integer> pids) {
        String list = String.join(", ", pids.stream().map(String::valueOf).toList());
        int first = pids.get(0);
        return "Blocking everyone else: pid " + list + ". Stop its statement with `db cancel " + first
                + "` or end its session with `db terminate " + first + "`.";
    }

    static String dbSizesHeader(String target) {
        return "Largest tables on `" + target + "`";
    }

    static String dbSizesNone(String target) {
        return "`" + target + "` has no user tables yet.";
    }

    static String dbIndexesHeader(String target) {
        return "Index health on `" + target + "`";
    }

    static String dbIndexesClean(String target) {
        return "No unused or duplicate indexes on `" + target + "`, and no large table is read mostly by sequential scans.";
    }

    static String dbIndexesUnused() {
        return "Never scanned since statistics were last reset (primary keys, unique and constraint indexes are not listed); "
                + "drop them with DROP INDEX CONCURRENTLY after checking replicas and rare jobs.";
    }

    static String dbIndexesDuplicates() {
        return "Indexes with the same definition on the same table; one of each group is enough.";
    }

    static String dbIndexesSeqScans() {
        return "Large tables read mostly by sequential scans; a query on them probably lacks an index.";
    }

    static String dbSlowHeader(String target) {
        return "Slowest statements on `" + target + "` (pg_stat_statements)";
    }

    static String dbSlowByMean() {
        return "By mean time per call:";
    }

    static String dbSlowByTotal() {
        return "By total time:";
    }

    static List<String> indexesUnusedColumns() {
        return List.of("unused index", "table", "size");
    }

    static List<String> indexesDuplicateColumns() {
        return List.of("table", "same indexes", "size");
    }

    static List<String> indexesSeqScanColumns() {
        return List.of("table", "seq scans", "rows per scan", "index scans", "rows");
    }

    static List<String> locksColumns() {
        return List.of("pid", "user", "waiting", "wants", "relation", "query", "blocked by", "blocker state",
                "blocker for", "blocker query");
    }

    static List<String> queriesColumns() {
        return List.of("pid", "user", "application", "state", "running", "waiting on", "query");
    }

    static List<String> sizesColumns() {
        return List.of("table", "total", "data", "indexes", "toast", "rows (est.)", "dead tuples");
    }

    static List<String> slowColumns() {
        return List.of("calls", "mean", "total", "rows", "query");
    }

    static String uptimeLabel() {
        return "Uptime";
    }

    static String databaseSizeLabel() {
        return "Database size";
    }

    static String connectionsLabel() {
        return "Connections";
    }

    static String byStateLabel() {
        return "By state";
    }

    static String cacheHitRatioLabel() {
        return "Cache hit ratio";
    }

    static String transactionsLabel() {
        return "Transactions/s";
    }

    static String transactionRate(double perSecond, Duration over) {
        return String.format(Locale.ROOT, "%.1f over the last %s", perSecond, human(over));
    }

    static String oldestTransactionLabel() {
        return "Oldest transaction";
    }

    static String replicationLabel(boolean standby) {
        return standby ? "Replication (standby)" : "Replication";
    }

    static String replicaLag(String replica, String state, String lag, String behind) {
        return replica + " " + state + ", lag " + lag + " (" + behind + " behind)";
    }

    static String statementsLabel() {
        return "pg_stat_statements";
    }

    static List<String> largestTablesColumns() {
        return List.of("largest tables", "size", "last vacuum", "last analyze");
    }

    /** When autovacuum or autoanalyze, not a person, ran last. */
    static String byAutovacuum(String when) {
        return when + " (auto)";
    }
}
