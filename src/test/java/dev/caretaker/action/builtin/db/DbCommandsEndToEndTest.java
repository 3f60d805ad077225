package dev.caretaker.action.builtin.db;

import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Decision;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.PlainText;
import dev.caretaker.security.Caller;
import dev.caretaker.support.CommandFiles;
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import dev.caretaker.target.Targets;
import dev.caretaker.target.postgres.PostgresClient;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** db commands and a declared sql command through the real pipeline, on the bot's own (embedded) database. */
class DbCommandsEndToEndTest {

    private static final ChannelAddress OPS = SlackPlatform.channel("COPS");

    @TempDir
    static Path tmp;

    private static ApplicationContext context;
    private static Dispatcher dispatcher;

    @BeforeAll
    static void start() throws Exception {
        Path commands = CommandFiles.dir(tmp, "customers.yml", """
                commands:
                  - name: customers count
                    summary: how many customers have a name
                    role: viewer
                    kind: sql
                    statement: SELECT count(*) AS customers FROM e2e_customers WHERE name = {name}
                    args:
                      - {name: name, type: string, required: true}
                  - name: customers purge
                    summary: a mistaken write
                    role: viewer
                    kind: sql
                    statement: DELETE FROM e2e_customers
                """);
        context = TestContexts.start(Map.of("caretaker.commands-dir", commands.toString()));
        dispatcher = context.getBean(Dispatcher.class);
        try (Connection c = dev.caretaker.support.TestDatabase.connect(context); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE e2e_customers (name text)");
            s.execute("INSERT INTO e2e_customers VALUES ('Ann'), ('Bob')");
        }
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static Outcome send(Caller who, String text) {
        return dispatcher.dispatch(new CommandRequest(who, OPS, text, null));
    }

    @Test
    void dbStatusWorksOnTheBotsOwnDatabaseWithNoTargetConfigured() {
        assertEquals(Set.of(Targets.OWN_DATABASE), context.getBean(Targets.class).names("postgres"));
        Outcome o = send(People.VIEWER, "db status");
        assertInstanceOf(Outcome.Completed.class, o, PlainText.render(o.reply()));
        assertTrue(o.reply().header().startsWith("PostgreSQL `caretaker`: database "), o.reply().header());
    }

    @Test
    void cancellingTheBotsOwnSessionIsConfirmedThenRefused() {
        PostgresClient bot = context.getBean(dev.caretaker.target.postgres.PostgresTargets.class).client(Targets.OWN_DATABASE).orElseThrow();
        send(People.VIEWER, "db sizes");
        int pid = bot.ownPids().iterator().next();

        Outcome pending = send(People.OPERATOR, "db cancel " + pid);
        assertInstanceOf(Outcome.Pending.class, pending, PlainText.render(pending.reply()));
        Outcome decided = dispatcher.decide(((Outcome.Pending) pending).token(), Decision.CONFIRM, People.OPERATOR, t -> { });

        assertInstanceOf(Outcome.Failed.class, decided);
        assertTrue(PlainText.render(decided.reply()).contains(DbMessages.dbOwnSession(pid)), PlainText.render(decided.reply()));
    }

    @Test
    void theBotsPoolIsMarkedAndAnotherReplicasSessionIsRefusedByItsApplicationName() throws Exception {
        try (Connection c = dev.caretaker.support.TestDatabase.connect(context); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT current_setting('application_name')")) {
            rs.next();
            assertEquals("caretaker", rs.getString(1));
        }
        String url = context.getRequiredProperty("datasources.default.url", String.class);
        try (Connection replica = java.sql.DriverManager.getConnection(url + (url.contains("?") ? "&" : "?")
                + "ApplicationName=caretaker", "postgres", "")) {
            int pid = replica.unwrap(org.postgresql.PGConnection.class).getBackendPID();
            Outcome pending = send(People.ADMIN, "db terminate " + pid);
            Outcome decided = dispatcher.decide(((Outcome.Pending) pending).token(), Decision.CONFIRM, People.ADMIN, t -> { });
            assertTrue(PlainText.render(decided.reply()).contains(DbMessages.dbOwnSession(pid)), PlainText.render(decided.reply()));
            assertTrue(replica.isValid(2), "the session was not touched");
        }
    }

    @Test
    void aViewerCannotCancelAndVacuumFullPointsToItsOwnCommand() {
        assertInstanceOf(Outcome.Denied.class, send(People.VIEWER, "db cancel 1"));
        Outcome full = send(People.OPERATOR, "db vacuum e2e_customers full=true");
        assertInstanceOf(Outcome.Failed.class, full);
        assertTrue(PlainText.render(full.reply()).contains(DbMaintenanceMessages.dbVacuumFullUseCommand("e2e_customers")));
        Outcome confirm = send(People.OPERATOR, "db vacuum-full e2e_customers");
        assertInstanceOf(Outcome.Pending.class, confirm);
    }

    @Test
    void aDeclaredSqlCommandBindsItsArgumentAndRefusesToWrite() throws Exception {
        Outcome injected = send(People.VIEWER, "customers count name=\"'; DROP TABLE e2e_customers; --\"");
        assertInstanceOf(Outcome.Completed.class, injected, PlainText.render(injected.reply()));
        assertTrue(PlainText.render(injected.reply()).contains("customers\n---------\n0\n"), PlainText.render(injected.reply()));

        Outcome found = send(People.VIEWER, "customers count Ann");
        assertTrue(PlainText.render(found.reply()).contains("customers\n---------\n1\n"), PlainText.render(found.reply()));

        Outcome write = send(People.VIEWER, "customers purge");
        assertInstanceOf(Outcome.Failed.class, write);
        assertTrue(PlainText.render(write.reply()).contains(DbMessages.dbReadOnly(Targets.OWN_DATABASE)), PlainText.render(write.reply()));
        try (Connection c = dev.caretaker.support.TestDatabase.connect(context); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM e2e_customers")) {
            rs.next();
            assertEquals(2, rs.getInt(1));
        }
    }
}
