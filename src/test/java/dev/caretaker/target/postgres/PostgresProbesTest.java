package dev.caretaker.target.postgres;

import dev.caretaker.action.ActionResult;
import dev.caretaker.action.builtin.db.DbMessages;
import dev.caretaker.action.builtin.db.DbSlowAction;
import dev.caretaker.action.builtin.db.DbStatusAction;
import dev.caretaker.action.builtin.db.FakeContext;
import dev.caretaker.reply.Block;
import dev.caretaker.target.Targets;
import dev.caretaker.target.postgres.PostgresTargets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Probe values and pg_stat_statements on a server that preloads it, as a production server would. */
class PostgresProbesTest {

    private static TestPostgres pg;
    private static PostgresTargets targets;

    @BeforeAll
    static void start() throws Exception {
        // a throttled VACUUM (cost delay) runs long enough for its progress to be polled
        pg = TestPostgres.start(Map.of("shared_preload_libraries", "pg_stat_statements",
                "vacuum_cost_delay", "10ms", "vacuum_cost_limit", "1"));
        targets = dev.caretaker.support.TestTargets.postgres(List.of(), pg::botDataSource);
    }

    @AfterAll
    static void stop() throws Exception {
        targets.close();
        pg.close();
    }

    private static PostgresClient db() {
        return targets.client(Targets.OWN_DATABASE).orElseThrow();
    }

    @Test
    void probesReturnPlainValues() throws Exception {
        pg.execute("CREATE TABLE probe_rows (id int) WITH (autovacuum_enabled = false)",
                "INSERT INTO probe_rows SELECT generate_series(1, 100)", "DELETE FROM probe_rows WHERE id <= 25");
        TestPostgres.await(Duration.ofSeconds(10), "dead tuples in statistics", () -> {
            try {
                return db().deadTupleRatio().orElse(0) > 0;
            } catch (PostgresException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(0.25, db().deadTupleRatio().getAsDouble(), 0.0001);
        try (Connection open = pg.connect()) {
            open.setAutoCommit(false);
            open.createStatement().execute("SELECT 1");
            Thread.sleep(1100);
            assertTrue(db().longestTransaction().compareTo(Duration.ofSeconds(1)) >= 0, "an open transaction's age");
            open.rollback();
        }
        assertTrue(db().connectionLatency().compareTo(Duration.ofSeconds(5)) < 0);
        assertTrue(db().connectionsUsedPercent() > 0 && db().connectionsUsedPercent() < 100);
        assertTrue(db().databaseSize() > 1_000_000, "a database is megabytes");
        assertTrue(db().replicationLag().isEmpty(), "no replicas");
    }

    @Test
    void aLongVacuumReportsItsProgressFromASecondConnection() throws Exception {
        pg.execute("CREATE TABLE slow_vac (id int, payload text) WITH (autovacuum_enabled = false)",
                "INSERT INTO slow_vac SELECT g, repeat('z', 100) FROM generate_series(1, 6000) g",
                "DELETE FROM slow_vac WHERE id % 2 = 0");
        FakeContext ctx = new FakeContext("db vacuum", Duration.ofMinutes(2));

        ActionResult r = new dev.caretaker.action.builtin.db.DbVacuumAction(targets).run(ctx.with(Map.of("table", "slow_vac")));

        assertInstanceOf(ActionResult.Ok.class, r, FakeContext.text(r));
        assertTrue(ctx.progress.size() >= 2, ctx.progress.toString());
        assertTrue(ctx.progress.stream().skip(1).allMatch(p -> p.startsWith("Vacuuming `slow_vac`: ") && p.contains(" blocks (")),
                ctx.progress.toString());
    }

    @Test
    void slowStatementsAreRankedOnceTheExtensionIsCreated() throws Exception {
        ActionResult notYet = new DbSlowAction(targets).run(new FakeContext("db slow").with(Map.of()));
        assertEquals(DbMessages.dbStatementsNotInstalled(Targets.OWN_DATABASE), FakeContext.text(notYet).strip());

        pg.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", "SELECT pg_sleep(0.2)", "SELECT pg_sleep(0.2)");
        ActionResult ranked = new DbSlowAction(targets).run(new FakeContext("db slow").with(Map.of("limit", 5L)));

        assertInstanceOf(ActionResult.Ok.class, ranked, FakeContext.text(ranked));
        Block.Table byMean = (Block.Table) ranked.reply().blocks().stream().filter(b -> b instanceof Block.Table).findFirst().orElseThrow();
        assertEquals(List.of("calls", "mean", "total", "rows", "query"), byMean.columns());
        List<String> sleep = byMean.rows().stream().filter(r -> r.get(4).equals("SELECT pg_sleep($1)")).findFirst()
                .orElseThrow(() -> new AssertionError(FakeContext.text(ranked)));
        assertEquals("2", sleep.get(0));
        ActionResult status = new DbStatusAction(targets, java.time.Clock.systemUTC()).run(new FakeContext("db status").with(Map.of()));
        assertTrue(FakeContext.text(status).contains("pg_stat_statements: " + DbMessages.dbStatementsAvailable()), FakeContext.text(status));
    }
}
