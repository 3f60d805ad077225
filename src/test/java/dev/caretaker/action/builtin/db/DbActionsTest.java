package dev.caretaker.action.builtin.db;

import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Severity;
import dev.caretaker.target.TargetSpec;
import dev.caretaker.target.Targets;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The db actions against a real embedded PostgreSQL, with the conditions they report created for real. */
class DbActionsTest {

    private static TestPostgres pg;
    private static PostgresTargets targets;

    @BeforeAll
    static void start() throws Exception {
        pg = TestPostgres.start();
        Map<String, Object> settings = new HashMap<>();
        settings.put("type", "postgres");
        settings.put("url", pg.jdbcUrl());
        settings.put("username", "postgres");
        settings.put("lock-timeout", "1s");
        settings.put("retention-batch-size", "50");
        settings.put("retention-pause", "0s");
        settings.put("retention", List.of(Map.of("table", "events", "column", "created_at", "keep", "90d",
                "where", "kind <> 'audit'")));
        targets = dev.caretaker.support.TestTargets.postgres(List.of(new TargetSpec("app-db", "postgres", settings)), null);
    }

    @AfterAll
    static void stop() throws Exception {
        targets.close();
        pg.close();
    }

    private static PostgresClient db() {
        return targets.client("app-db").orElseThrow();
    }

    @Test
    void aSessionHoldingARowLockShowsAsTheRootOfTheChainInDbLocks() throws Exception {
        pg.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int)", "INSERT INTO accounts VALUES (1, 100)");
        try (Connection holder = pg.connect(); Connection waiter = pg.connect()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("UPDATE accounts SET balance = 90 WHERE id = 1");
            int holderPid = pid(holder);
            int waiterPid = pid(waiter);
            CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> run(waiter,
                    "UPDATE accounts SET balance = 80 WHERE id = 1"));
            TestPostgres.await(Duration.ofSeconds(10), "the waiter to block", () -> waiting(waiterPid));

            ActionResult result = new DbLocksAction(targets).run(new FakeContext("db locks").with(Map.of()));

            assertInstanceOf(ActionResult.Ok.class, result);
            assertEquals(Severity.WARN, result.reply().severity());
            Block.Table table = table(result, 0);
            List<String> row = table.rows().get(0);
            assertEquals(String.valueOf(waiterPid), row.get(0));
            assertEquals("accounts", row.get(4));
            assertEquals(String.valueOf(holderPid), row.get(6));
            assertEquals("idle in transaction", row.get(7));
            assertTrue(row.get(5).startsWith("UPDATE accounts SET balance = ? WHERE id = ?"), row.get(5));
            assertTrue(FakeContext.text(result).contains(DbMessages.dbLocksRoots(List.of(holderPid))), FakeContext.text(result));
            holder.rollback();
            blocked.get(10, TimeUnit.SECONDS);
        }
        ActionResult after = new DbLocksAction(targets).run(new FakeContext("db locks").with(Map.of()));
        assertEquals(DbMessages.dbLocksNone("app-db"), FakeContext.text(after).strip());
    }

    @Test
    void aSleepingQueryShowsInDbQueriesAndDbCancelStopsIt() throws Exception {
        try (Connection app = pg.connect()) {
            int pid = pid(app);
            AtomicReference<SQLException> failure = new AtomicReference<>();
            CompletableFuture<Void> sleeping = CompletableFuture.runAsync(() -> {
                try (Statement s = app.createStatement()) {
                    s.execute("SELECT pg_sleep(60)");
                } catch (SQLException e) {
                    failure.set(e);
                }
            });
            TestPostgres.await(Duration.ofSeconds(10), "pg_sleep to run a second", () -> activeFor(pid, 1));

            ActionResult listed = new DbQueriesAction(targets).run(new FakeContext("db queries").with(Map.of("min", Duration.ofSeconds(1))));

            Block.Table table = table(listed, 0);
            List<String> row = table.rows().stream().filter(r -> r.get(0).equals(String.valueOf(pid))).findFirst()
                    .orElseThrow(() -> new AssertionError(FakeContext.text(listed)));
            assertEquals("active", row.get(3));
            assertEquals("SELECT pg_sleep(?)", row.get(6));
            assertTrue(FakeContext.text(listed).contains("db cancel <pid>"));

            ActionResult cancelled = new DbCancelAction(targets).run(new FakeContext("db cancel").with(Map.of("pid", (long) pid)));

            assertInstanceOf(ActionResult.Ok.class, cancelled);
            assertTrue(FakeContext.text(cancelled).startsWith("[ok] ") || cancelled.reply().severity() == Severity.OK);
            assertTrue(FakeContext.text(cancelled).contains("Cancelled the statement of pid " + pid + " (postgres)"),
                    FakeContext.text(cancelled));
            sleeping.get(10, TimeUnit.SECONDS);
            assertEquals("57014", failure.get().getSQLState());
        }
        ActionResult none = new DbQueriesAction(targets).run(new FakeContext("db queries").with(Map.of("min", Duration.ofMinutes(5))));
        assertEquals(DbMessages.dbQueriesNone("app-db", Duration.ofMinutes(5)), FakeContext.text(none).strip());
    }

    @Test
    void theBotRefusesToCancelOrTerminateItsOwnSessions() throws Exception {
        db().connectionLatency();
        int own = db().ownPids().iterator().next();

        ActionResult cancel = new DbCancelAction(targets).run(new FakeContext("db cancel").with(Map.of("pid", (long) own)));
        ActionResult terminate = new DbTerminateAction(targets).run(new FakeContext("db terminate").with(Map.of("pid", (long) own)));

        assertInstanceOf(ActionResult.Failed.class, cancel);
        assertEquals(DbMessages.dbOwnSession(own), FakeContext.text(cancel).replace("[warn] ", "").strip());
        assertInstanceOf(ActionResult.Failed.class, terminate);
        assertEquals(DbMessages.dbOwnSession(own), FakeContext.text(terminate).strip());
        assertTrue(db().connectionLatency().compareTo(Duration.ZERO) > 0, "the bot's pool still works");

        // the bot's own database, where sessions carry no application name: remembered pids protect them
        try (PostgresTargets own2 = dev.caretaker.support.TestTargets.postgres(List.of(), pg::botDataSource)) {
            PostgresClient bot = own2.client(Targets.OWN_DATABASE).orElseThrow();
            bot.databaseSize();
            int botPid = bot.ownPids().iterator().next();
            ActionResult refused = new DbTerminateAction(own2).run(new FakeContext("db terminate").with(Map.of("pid", (long) botPid)));
            assertEquals(DbMessages.dbOwnSession(botPid), FakeContext.text(refused).strip());
        }
        ActionResult missing = new DbCancelAction(targets).run(new FakeContext("db cancel").with(Map.of("pid", 999_999L)));
        assertEquals(DbMessages.dbNoSuchPid(999_999), FakeContext.text(missing).strip());
    }

    @Test
    void deletedRowsLeaveDeadTuplesThatVacuumRemovesWithBeforeAndAfterFigures() throws Exception {
        pg.execute("CREATE TABLE churn (id int, payload text) WITH (autovacuum_enabled = false)",
                "INSERT INTO churn SELECT g, repeat('x', 100) FROM generate_series(1, 10000) g",
                "DELETE FROM churn WHERE id <= 6000");
        TestPostgres.await(Duration.ofSeconds(10), "statistics to show the dead tuples",
                () -> query("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'churn'") == 6000);

        ActionResult sizes = new DbSizesAction(targets).run(new FakeContext("db sizes").with(Map.of("limit", 50L)));
        List<String> sizeRow = table(sizes, 0).rows().stream().filter(r -> r.get(0).equals("churn")).findFirst().orElseThrow();
        assertEquals("6,000 (60.0%)", sizeRow.get(6));

        FakeContext ctx = new FakeContext("db vacuum", Duration.ofMinutes(5));
        ActionResult result = new DbVacuumAction(targets).run(ctx.with(Map.of("table", "churn", "analyze", true)));

        assertInstanceOf(ActionResult.Ok.class, result, FakeContext.text(result));
        Map<String, String> fields = fields(result);
        assertEquals("6,000", fields.get("Dead tuples before"));
        assertEquals("0", fields.get("Dead tuples after"));
        assertEquals("6,000", fields.get("Removed"));
        assertTrue(result.reply().header().startsWith("Vacuumed `churn` in "), result.reply().header());
        assertEquals(DbMaintenanceMessages.dbVacuumStarting("`churn`"), ctx.progress.get(0));
        assertEquals(0, query("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'churn'"));
        assertTrue(fields.get("Size before").endsWith("kB") || fields.get("Size before").endsWith("MB"), fields.get("Size before"));
    }

    @Test
    void vacuumFullIsPointedToItsOwnConfirmedCommand() {
        ActionResult result = new DbVacuumAction(targets).run(new FakeContext("db vacuum").with(Map.of("table", "churn", "full", true)));
        assertInstanceOf(ActionResult.Failed.class, result);
        assertEquals(DbMaintenanceMessages.dbVacuumFullUseCommand("churn"), FakeContext.text(result).strip());
    }

    @Test
    void vacuumFullRewritesTheTable() throws Exception {
        pg.execute("CREATE TABLE bloated (id int, payload text) WITH (autovacuum_enabled = false)",
                "INSERT INTO bloated SELECT g, repeat('y', 200) FROM generate_series(1, 5000) g",
                "DELETE FROM bloated WHERE id > 500");
        ActionResult result = new DbVacuumFullAction(targets).run(new FakeContext("db vacuum-full").with(Map.of("table", "bloated")));
        assertInstanceOf(ActionResult.Ok.class, result, FakeContext.text(result));
        assertTrue(result.reply().header().startsWith("VACUUM FULL of `bloated` finished in "));
        assertTrue(pg.queryLong("SELECT pg_total_relation_size('bloated')") < 300_000, "the table shrank");
    }

    @Test
    void aTableLockedByAnotherSessionGivesOneSentenceAfterTheLockTimeout() throws Exception {
        pg.execute("CREATE TABLE busy (id int)");
        try (Connection holder = pg.connect()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");
            ActionResult result = new DbVacuumAction(targets).run(new FakeContext("db vacuum").with(Map.of("table", "busy")));
            assertInstanceOf(ActionResult.Failed.class, result);
            assertEquals(DbMessages.dbLockTimeout("app-db", Duration.ofSeconds(1)), FakeContext.text(result).strip());
            holder.rollback();
        }
    }

    @Test
    void anIndexNeverScannedAndADuplicateAreListed() throws Exception {
        pg.execute("CREATE TABLE orders (id int PRIMARY KEY, customer int, note text)",
                "CREATE INDEX orders_customer_idx ON orders (customer)",
                "CREATE INDEX orders_customer_copy_idx ON orders (customer)",
                "INSERT INTO orders SELECT g, g % 10, 'n' FROM generate_series(1, 100) g");

        ActionResult result = new DbIndexesAction(targets).run(new FakeContext("db indexes").with(Map.of()));

        String text = FakeContext.text(result);
        Block.Table unused = table(result, 0);
        assertTrue(unused.rows().stream().anyMatch(r -> r.get(0).equals("orders_customer_idx") && r.get(1).equals("orders")), text);
        assertTrue(unused.rows().stream().noneMatch(r -> r.get(0).equals("orders_pkey")), "primary keys are never unused");
        Block.Table duplicates = table(result, 1);
        assertTrue(duplicates.rows().stream().anyMatch(r -> r.get(1).equals("orders_customer_copy_idx, orders_customer_idx")), text);
    }

    @Test
    void aRetentionRuleCountsOnADryRunAndDeletesExactlyTheOldRowsInBatches() throws Exception {
        pg.execute("CREATE TABLE events (id serial PRIMARY KEY, created_at timestamptz NOT NULL, kind text NOT NULL)",
                "INSERT INTO events (created_at, kind) SELECT now() - interval '100 days' - g * interval '1 minute', 'click' "
                        + "FROM generate_series(1, 230) g",
                "INSERT INTO events (created_at, kind) SELECT now() - interval '120 days', 'audit' FROM generate_series(1, 20)",
                "INSERT INTO events (created_at, kind) SELECT now() - interval '89 days', 'click' FROM generate_series(1, 50)");

        ActionResult dry = new DbRetentionAction(targets).run(new FakeContext("db retention").with(Map.of("dry-run", true)));

        assertEquals(List.of("events", "created_at", "90d", "kind <> 'audit'"), table(dry, 0).rows().get(0).subList(0, 4));
        assertEquals("230", table(dry, 0).rows().get(0).get(5));
        assertEquals(300, pg.queryLong("SELECT count(*) FROM events"), "a dry run deletes nothing");

        FakeContext ctx = new FakeContext("db retention", Duration.ofMinutes(5));
        ActionResult real = new DbRetentionAction(targets).run(ctx.with(Map.of("dry-run", false)));

        assertInstanceOf(ActionResult.Ok.class, real, FakeContext.text(real));
        List<String> row = table(real, 0).rows().get(0);
        assertEquals("230", row.get(3));
        assertEquals("5", row.get(4));
        assertEquals(List.of(DbMaintenanceMessages.dbRetentionProgress("events", 50, 1), DbMaintenanceMessages.dbRetentionProgress("events", 100, 2),
                DbMaintenanceMessages.dbRetentionProgress("events", 150, 3), DbMaintenanceMessages.dbRetentionProgress("events", 200, 4),
                DbMaintenanceMessages.dbRetentionProgress("events", 230, 5)), ctx.progress);
        assertEquals(70, pg.queryLong("SELECT count(*) FROM events"));
        assertEquals(0, pg.queryLong("SELECT count(*) FROM events WHERE kind = 'click' AND created_at < now() - interval '90 days'"));
        assertEquals(20, pg.queryLong("SELECT count(*) FROM events WHERE kind = 'audit'"));
    }

    @Test
    void statusOnTheBotsOwnDatabaseShowsConnectionsAndARateOnTheSecondCall() throws Exception {
        try (PostgresTargets own = dev.caretaker.support.TestTargets.postgres(List.of(), pg::botDataSource)) {
            assertEquals(java.util.Set.of(Targets.OWN_DATABASE), own.names());
            DbStatusAction status = new DbStatusAction(own, java.time.Clock.systemUTC());
            ActionResult first = status.run(new FakeContext("db status").with(Map.of()));
            ActionResult second = status.run(new FakeContext("db status").with(Map.of()));

            assertTrue(first.reply().header().startsWith("PostgreSQL `caretaker`: database postgres, version 17."),
                    first.reply().header());
            Map<String, String> f1 = fields(first);
            Map<String, String> f2 = fields(second);
            assertTrue(f1.get("Connections").matches("\\d+ / \\d+ \\(\\d+%\\)"), f1.get("Connections"));
            assertEquals(DbMessages.dbRateFirstReading(), f1.get("Transactions/s"));
            assertTrue(f2.get("Transactions/s").matches("[0-9.]+ over the last \\d+s"), f2.get("Transactions/s"));
            assertEquals(DbMessages.dbNoReplicas(), f1.get("Replication"));
            assertEquals(DbMessages.dbStatementsNotInstalled(Targets.OWN_DATABASE), f1.get("pg_stat_statements"));
        }
    }

    @Test
    void slowTellsHowToEnablePgStatStatementsWhenItIsMissing() {
        ActionResult result = new DbSlowAction(targets).run(new FakeContext("db slow").with(Map.of()));
        assertInstanceOf(ActionResult.Failed.class, result);
        assertEquals(DbMessages.dbStatementsNotInstalled("app-db"), FakeContext.text(result).strip());
    }

    @Test
    void reindexRebuildsConcurrentlyAndAnalyzeRuns() throws Exception {
        pg.execute("CREATE TABLE items (id int PRIMARY KEY, sku text)", "CREATE INDEX items_sku_idx ON items (sku)",
                "INSERT INTO items SELECT g, 'sku-' || g FROM generate_series(1, 2000) g");

        ActionResult index = new DbReindexAction(targets).run(new FakeContext("db reindex").with(Map.of("name", "items_sku_idx")));
        ActionResult table = new DbReindexAction(targets).run(new FakeContext("db reindex").with(Map.of("name", "public.items")));
        ActionResult analyzed = new DbAnalyzeAction(targets).run(new FakeContext("db analyze").with(Map.of("table", "items")));

        assertTrue(index.reply().header().startsWith("Rebuilt index `items_sku_idx` in "), FakeContext.text(index));
        assertEquals("yes", fields(index).get("Concurrently"));
        assertTrue(table.reply().header().startsWith("Rebuilt the indexes of `items` in "), FakeContext.text(table));
        assertTrue(FakeContext.text(analyzed).startsWith("[ok] Analyzed `items` in ") || FakeContext.text(analyzed).contains("Analyzed `items` in "));
        assertEquals(1, pg.queryLong("SELECT count(*) FROM pg_indexes WHERE indexname = 'items_sku_idx'"));
    }

    @Test
    void aNameThatIsNotATableIsOneSentenceAndNeverSql() {
        ActionResult result = new DbAnalyzeAction(targets).run(new FakeContext("db analyze")
                .with(Map.of("table", "items; DROP TABLE items")));
        assertEquals(DbMessages.dbNotFound("app-db", "items; DROP TABLE items"), FakeContext.text(result).strip());
        ActionResult missing = new DbReindexAction(targets).run(new FakeContext("db reindex").with(Map.of("name", "nope")));
        assertEquals(DbMessages.dbNotFound("app-db", "nope"), FakeContext.text(missing).strip());
    }

    @Test
    void anUnreachableTargetIsOneSentence() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Map<String, Object> settings = Map.of("type", "postgres", "url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/x",
                "connect-timeout", "1s");
        try (PostgresTargets down = dev.caretaker.support.TestTargets.postgres(List.of(new TargetSpec("down-db", "postgres", settings)), null)) {
            ActionResult result = new DbStatusAction(down, java.time.Clock.systemUTC()).run(new FakeContext("db status").with(Map.of()));
            assertInstanceOf(ActionResult.Failed.class, result);
            String text = FakeContext.text(result).strip();
            assertTrue(text.startsWith("I can't connect to `down-db` ("), text);
            assertTrue(text.endsWith("; check that it is up and its url and credentials under `caretaker.targets.down-db`."), text);
        }
    }

    // ---- helpers ----

    private static Block.Table table(ActionResult result, int n) {
        return result.reply().blocks().stream().filter(b -> b instanceof Block.Table).map(b -> (Block.Table) b)
                .skip(n).findFirst().orElseThrow(() -> new AssertionError("no table " + n + " in " + FakeContext.text(result)));
    }

    private static Map<String, String> fields(ActionResult result) {
        Map<String, String> out = new HashMap<>();
        for (Block b : result.reply().blocks()) {
            if (b instanceof Block.Fields f) {
                f.fields().forEach(x -> out.put(x.name(), x.value()));
            }
        }
        return out;
    }

    private static int pid(Connection c) throws SQLException {
        try (var rs = c.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void run(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            fail(e);
        }
    }

    private static boolean waiting(int pid) {
        return query("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid + " AND wait_event_type = 'Lock'") == 1;
    }

    private static boolean activeFor(int pid, int seconds) {
        return query("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid + " AND state = 'active' "
                + "AND now() - query_start > interval '" + seconds + " seconds'") == 1;
    }

    private static long query(String sql) {
        try {
            return pg.queryLong(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

}
