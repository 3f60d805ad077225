package dev.caretaker.action.custom;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.action.builtin.db.DbMessages;
import dev.caretaker.command.ActionRef;
import dev.caretaker.command.ArgSpec;
import dev.caretaker.command.ArgType;
import dev.caretaker.command.Args;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.PlainText;
import dev.caretaker.security.Caller;
import dev.caretaker.target.Targets;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Declared read-only SQL commands on a real PostgreSQL: bound parameters, read-only, one sentence per failure. */
class SqlActionFactoryTest {

    private static TestPostgres pg;
    private static PostgresTargets targets;
    private static SqlActionFactory factory;

    @BeforeAll
    static void start() throws Exception {
        pg = TestPostgres.start();
        pg.execute("CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, joined date)",
                "INSERT INTO customers VALUES (1, 'Ann', '2024-01-01'), (2, 'Bob', '2024-06-01'), (3, 'Cy', NULL)");
        targets = dev.caretaker.support.TestTargets.postgres(List.of(), pg::botDataSource);
        factory = new SqlActionFactory(targets);
    }

    @AfterAll
    static void stop() throws Exception {
        targets.close();
        pg.close();
    }

    private static CommandSpec spec(String statement, List<ArgSpec> args, Map<String, Object> more) {
        Map<String, Object> settings = new java.util.HashMap<>(more);
        if (statement != null) {
            settings.put("statement", statement);
        }
        return new CommandSpec("customers find", "", args, "viewer", false, 1, Duration.ZERO, Set.of(),
                Duration.ofMinutes(1), List.of(), null, new ActionRef("sql", null, settings), null);
    }

    private static ActionResult run(CommandSpec spec, Map<String, Object> args) throws Exception {
        return factory.create(spec).run(new ActionContext("req-sql", Caller.console("tester"), ChannelAddress.CONSOLE,
                spec, new Args(args), text -> { }));
    }

    private static final List<ArgSpec> NAME = List.of(ArgSpec.required("name", ArgType.STRING, "customer name"));

    @Test
    void argumentsAreBoundAndRowsComeBackAsATable() throws Exception {
        ActionResult r = run(spec("SELECT id, name, joined FROM customers WHERE name = {name} OR id = {min} ORDER BY id",
                List.of(NAME.get(0), ArgSpec.required("min", ArgType.INT, "")), Map.of()), Map.of("name", "Bob", "min", 3L));
        assertInstanceOf(ActionResult.Ok.class, r, PlainText.render(r.reply()));
        Block.Table t = (Block.Table) r.reply().blocks().get(0);
        assertEquals(List.of("id", "name", "joined"), t.columns());
        assertEquals(List.of(List.of("2", "Bob", "2024-06-01"), List.of("3", "Cy", "NULL")), t.rows());
    }

    @Test
    void anArgumentThatLooksLikeSqlIsOnlyData() throws Exception {
        ActionResult r = run(spec("SELECT count(*) AS matches FROM customers WHERE name = {name}", NAME, Map.of()),
                Map.of("name", "'; DROP TABLE customers; --"));
        assertEquals(List.of(List.of("0")), ((Block.Table) r.reply().blocks().get(0)).rows());
        assertEquals(3, pg.queryLong("SELECT count(*) FROM customers"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM customers", "UPDATE customers SET name = 'x'",
            "CREATE TABLE sneaky (id int)", "WITH gone AS (DELETE FROM customers RETURNING *) SELECT count(*) FROM gone",
            "SELECT nextval('customers_seq')"})
    void aWriteFailsWithOneSentenceAndChangesNothing(String statement) throws Exception {
        pg.execute("CREATE SEQUENCE IF NOT EXISTS customers_seq");
        long before = pg.queryLong("SELECT nextval('customers_seq')");
        ActionResult r = run(spec(statement, List.of(), Map.of()), Map.of());
        assertInstanceOf(ActionResult.Failed.class, r);
        assertEquals(DbMessages.dbReadOnly(Targets.OWN_DATABASE), PlainText.render(r.reply()).replace("[warn] ", "").strip());
        assertEquals(3, pg.queryLong("SELECT count(*) FROM customers WHERE name IN ('Ann', 'Bob', 'Cy')"));
        assertEquals(0, pg.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'sneaky'"));
        assertEquals(before + 1, pg.queryLong("SELECT nextval('customers_seq')"));
    }

    @Test
    void aSlowQueryStopsAtItsStatementTimeoutWithOneSentence() throws Exception {
        ActionResult r = run(spec("SELECT pg_sleep(5)", List.of(), Map.of("statement-timeout", "1s")), Map.of());
        assertInstanceOf(ActionResult.Failed.class, r);
        assertEquals(DbMessages.dbTimedOut(Targets.OWN_DATABASE, Duration.ofSeconds(1)), PlainText.render(r.reply()).strip());
    }

    @Test
    void aLostConnectionIsOneSentence() throws Exception {
        java.util.concurrent.CompletableFuture<ActionResult> running = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return run(spec("SELECT pg_sleep(20) AS slept", List.of(), Map.of()), Map.of());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        TestPostgres.await(Duration.ofSeconds(10), "the query to start", () -> count("SELECT count(*) FROM pg_stat_activity "
                + "WHERE query = 'SELECT pg_sleep(20) AS slept' AND state = 'active'") == 1);
        pg.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(20) AS slept'");
        ActionResult r = running.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(DbMessages.dbConnectionLost(Targets.OWN_DATABASE), PlainText.render(r.reply()).strip());
    }

    @Test
    void bootValidationNamesEveryProblem() {
        assertEquals(List.of(CustomMessages.sqlStatementMissing("customers find")), factory.validate(spec(null, List.of(), Map.of())));
        assertEquals(List.of(CustomMessages.sqlUnknownPlaceholder("customers find", "nme")),
                factory.validate(spec("SELECT * FROM customers WHERE name = {nme}", NAME, Map.of())));
        assertEquals(List.of(CustomMessages.sqlOneStatement("customers find")),
                factory.validate(spec("SELECT 1; DELETE FROM customers", List.of(), Map.of())));
        assertEquals(List.of(CustomMessages.sqlUnknownTarget("customers find", "nope", Set.of(Targets.OWN_DATABASE))),
                factory.validate(spec("SELECT 1", List.of(), Map.of("target", "nope"))));
        assertTrue(factory.validate(spec("SELECT '{x}; not a placeholder' AS t, 1 ; -- trailing", List.of(), Map.of())).isEmpty());
    }

    private static long count(String sql) {
        try {
            return pg.queryLong(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
