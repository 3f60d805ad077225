package dev.caretaker.reliability;

import dev.caretaker.action.ActionMessages;
import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.PlainText;
import dev.caretaker.support.CommandFiles;
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import dev.caretaker.support.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow and hanging targets: a database that answers a query only after a minute, and one whose connections are
 * accepted and never answered. Many commands on them at once, more than any pool holds: each stops at its own
 * timeout with one sentence, commands on healthy things answer meanwhile, and afterwards every pool still serves.
 */
class SlowTargetsTest {

    private static final ChannelAddress OPS = SlackPlatform.channel("COPS");
    private static final int EACH = 12;
    private static final String COMMANDS = """
            commands:
              - name: slow query
                summary: a query on a database that takes a minute to answer
                role: viewer
                kind: sql
                target: slow
                statement: SELECT pg_sleep(60) AS slept
                timeout: 2s
              - name: hung query
                summary: a query on a database whose connections are never answered
                role: viewer
                kind: sql
                target: hung
                statement: SELECT 1 AS one
                timeout: 2s
              - name: quick query
                summary: a query on a healthy database
                role: viewer
                kind: sql
                target: healthy
                statement: SELECT 42 AS answer
                timeout: 10s
              - name: crowded query
                summary: a quick query on the database whose connections the slow ones hold
                role: viewer
                kind: sql
                target: slow
                statement: SELECT 42 AS answer
                timeout: 10s
            """;

    @TempDir
    Path tmp;

    @Test
    void eachTimeoutHoldsOthersAreNotStalledAndNoPoolIsExhausted() throws Exception {
        String slowDb = TestDatabase.freshDatabaseUrl();
        int pgPort = Integer.parseInt(slowDb.replaceFirst(".*//[^:]+:(\\d+)/.*", "$1"));
        try (FaultyProxy hung = new FaultyProxy(pgPort)) {
            hung.mode(FaultyProxy.Mode.HANG);
            Map<String, Object> p = new HashMap<>();
            p.put("caretaker.commands-dir", CommandFiles.dir(tmp, "slow.yml", COMMANDS).toString());
            p.put("caretaker.probes.enabled", false);
            p.put("caretaker.targets.slow.type", "postgres");
            p.put("caretaker.targets.slow.url", slowDb);
            p.put("caretaker.targets.slow.username", "postgres");
            p.put("caretaker.targets.healthy.type", "postgres");
            p.put("caretaker.targets.healthy.url", TestDatabase.freshDatabaseUrl());
            p.put("caretaker.targets.healthy.username", "postgres");
            p.put("caretaker.targets.hung.type", "postgres");
            p.put("caretaker.targets.hung.url", slowDb.replaceFirst("//([^:/]+):\\d+/", "//127.0.0.1:" + hung.port() + "/"));
            p.put("caretaker.targets.hung.username", "postgres");
            // each command on a thread of its own, as each chat request arrives on one
            try (ApplicationContext context = TestContexts.start(p);
                 ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                Dispatcher dispatcher = context.getBean(Dispatcher.class);
                List<CompletableFuture<Outcome>> stuck = new ArrayList<>();
                for (int i = 0; i < EACH; i++) {
                    stuck.add(CompletableFuture.supplyAsync(() -> run(dispatcher, "slow query"), callers));
                    stuck.add(CompletableFuture.supplyAsync(() -> run(dispatcher, "hung query"), callers));
                }
                // while they hang: a command on a healthy database and one that needs no target answer
                Outcome quick = run(dispatcher, "quick query");
                Outcome whoami = run(dispatcher, "whoami");
                // the slow database's 4 connections are held by 12 minute-long queries: a quick one there either
                // gets a connection freed by a timeout or says in one sentence that they are all busy
                long stillRunning = stuck.stream().filter(f -> !f.isDone()).count();
                Outcome saturated = run(dispatcher, "crowded query");
                String saturatedSaid = PlainText.render(saturated.reply()).strip();
                assertTrue(saturated instanceof Outcome.Completed || saturatedSaid.equals("All 4 connections Caretaker "
                        + "may open to `slow` are busy with other commands; try again when they finish, or raise "
                        + "`caretaker.targets.slow.max-connections`."), saturatedSaid);
                assertInstanceOf(Outcome.Completed.class, quick, PlainText.render(quick.reply()));
                assertTrue(PlainText.render(quick.reply()).contains("42"));
                assertInstanceOf(Outcome.Completed.class, whoami);
                assertTrue(stillRunning > 0, "answered while the slow ones still ran");

                int timedOut = 0;
                for (CompletableFuture<Outcome> f : stuck) {
                    Outcome o = f.get(60, TimeUnit.SECONDS);
                    assertInstanceOf(Outcome.Failed.class, o);
                    String said = PlainText.render(o.reply()).strip();
                    // the statement's own timeout (the server stops it) or the pipeline's: one sentence naming 2 s
                    assertTrue(said.equals(ActionMessages.timedOut("hung query", Duration.ofSeconds(2)))
                            || said.equals(ActionMessages.timedOut("slow query", Duration.ofSeconds(2)))
                            || said.startsWith("`slow` did not finish within 2s"), said);
                    assertTrue(!said.contains("\n") && !said.contains("Exception"), said);
                    timedOut++;
                }
                assertEquals(2 * EACH, timedOut);

                // afterwards: the healthy target, Caretaker's own database and the slow target's sessions
                assertInstanceOf(Outcome.Completed.class, run(dispatcher, "quick query"));
                assertInstanceOf(Outcome.Completed.class, run(dispatcher, "crowded query"), "the slow database's pool "
                        + "serves again once the stopped queries gave their connections back");
                assertInstanceOf(Outcome.Completed.class, run(dispatcher, "help"));
                try (Connection c = TestDatabase.connect(context)) {
                    DatabaseFaultsTest.await(() -> sleeping(c) == 0, "the stopped queries were cancelled on the server");
                }
                Ledger.record(Ledger.Promise.ACTIONS, "slow and hanging databases, 24 commands at once: each stops at "
                        + "its timeout, others answer meanwhile, every pool still serves", SlowTargetsTest.class,
                        2 * EACH + 6L, 2, 2 * EACH + 6L, 0);
            }
        }
    }

    private static Outcome run(Dispatcher dispatcher, String line) {
        return dispatcher.dispatch(new CommandRequest(People.VIEWER, OPS, line, null));
    }

    private static long sleeping(Connection c) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "select count(*) from pg_stat_activity where query like 'SELECT pg_sleep(60)%' and state = 'active'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
