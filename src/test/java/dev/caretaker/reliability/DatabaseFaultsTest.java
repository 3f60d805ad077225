package dev.caretaker.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.alert.AlertService;
import dev.caretaker.alert.AlertmanagerPayload;
import dev.caretaker.chat.ChatDouble;
import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.PlainText;
import dev.caretaker.support.CommandFiles;
import dev.caretaker.support.Contexts;
import dev.caretaker.support.People;
import dev.caretaker.support.RecordingAction;
import dev.caretaker.support.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Caretaker's own PostgreSQL failing under it: unreachable in the middle of a command (through a {@link FaultyProxy}
 * that resets every connection), and really restarted between an alert's state change and its delivery.
 */
class DatabaseFaultsTest {

    private static final ChannelAddress OPS = SlackPlatform.channel("COPS");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    private static String throughPort(String jdbcUrl, int port) {
        return jdbcUrl.replaceFirst("//(localhost|127\\.0\\.0\\.1):\\d+/", "//127.0.0.1:" + port + "/");
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void postgresUnreachableDuringACommandAnswersOneSentenceAndTheAuditRowIsCompletedWhenItReturns() throws Exception {
        String direct = TestDatabase.freshDatabaseUrl();
        int pgPort = Integer.parseInt(direct.replaceFirst(".*//[^:]+:(\\d+)/.*", "$1"));
        try (FaultyProxy proxy = new FaultyProxy(pgPort)) {
            Map<String, Object> p = new HashMap<>();
            p.put("datasources.default.url", throughPort(direct, proxy.port()));
            p.put("datasources.default.connection-timeout", "1000");
            p.put("caretaker.commands-dir", CommandFiles.dir(tmp, "test.yml", CommandFiles.PIPELINE).toString());
            p.put("caretaker.probes.enabled", false);
            try (ApplicationContext context = Contexts.start(p)) {
                Dispatcher dispatcher = context.getBean(Dispatcher.class);
                RecordingAction action = context.getBean(RecordingAction.class);

                // a command starts (its audit row is written), then the database goes away while it runs
                CompletableFuture<Outcome> running = CompletableFuture.supplyAsync(() -> dispatcher.dispatch(
                        new CommandRequest(People.OPERATOR, OPS, "test run say=during sleep=1s", null)));
                await(() -> !action.runs().isEmpty(), "the action started");
                proxy.mode(FaultyProxy.Mode.RESET);
                Outcome done = running.get(20, TimeUnit.SECONDS);
                assertInstanceOf(Outcome.Completed.class, done, "the action itself did not need the database");

                // while it is away, a new command does not run and says why in one sentence
                Outcome refused = dispatcher.dispatch(new CommandRequest(People.OPERATOR, OPS, "test run say=refused", null));
                assertInstanceOf(Outcome.Failed.class, refused);
                String sentence = PlainText.render(refused.reply()).strip();
                assertTrue(sentence.startsWith("`test run` did not run: my database cannot be reached"), sentence);
                assertFalse(sentence.contains("Exception") || sentence.contains("\n") || sentence.contains("jdbc"), sentence);
                assertEquals(1, action.runs().size(), "nothing runs without its audit row");

                proxy.mode(FaultyProxy.Mode.PASS);
                try (Connection c = java.sql.DriverManager.getConnection(direct, "postgres", "")) {
                    await(() -> {
                        try {
                            return count(c, "select count(*) from audit_log where command_line like '%say=during%' "
                                    + "and outcome = 'ok' and finished_at is not null") == 1;
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, "the started row completed once the database is back");
                    assertEquals(0, count(c, "select count(*) from audit_log where outcome = 'started'"),
                            "no row left looking like a crash");
                    assertEquals(0, count(c, "select count(*) from audit_log where command_line like '%say=refused%'"));
                    assertEquals(1, count(c, "select count(*) from executions where status = 'ok'"));
                }
                Ledger.record(Ledger.Promise.AUDIT, "PostgreSQL unreachable mid-command: the started row is completed "
                        + "when it returns; a new command does not run and says so in one sentence",
                        DatabaseFaultsTest.class, 2, 1, 2, 0);
            }
        }
    }

    @Test
    void postgresRestartedBetweenAnAlertsStateChangeAndItsDeliveryLosesNothing() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = tmp.resolve("pg");
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setPort(port).start();
        try {
            String url = pg.getJdbcUrl("postgres", "postgres");
            ChatDouble chat = new ChatDouble();
            chat.mode(ChatDouble.Mode.DOWN);
            Map<String, Object> p = new HashMap<>();
            p.put("datasources.default.url", url);
            p.put("datasources.default.connection-timeout", "1000");
            p.put("caretaker.outbox.poll", "100ms");
            p.put("caretaker.outbox.backoff-base", "100ms");
            p.put("caretaker.outbox.backoff-cap", "300ms");
            // a lane claimed just before the restart keeps its claim until the claim runs out (the result could not be
            // recorded): a short claim keeps the wait short, as another replica's take-over would be
            p.put("caretaker.outbox.claim-lease", "2s");
            p.put("caretaker.probes.enabled", false);
            p.put("caretaker.alerts.default-channels", "slack:COPS");
            try (ApplicationContext context = Contexts.start(p, chat)) {
                ObjectMapper json = context.getBean(ObjectMapper.class);
                int alerts = 5;
                for (int i = 0; i < alerts; i++) {
                    try (InputStream in = getClass().getResourceAsStream("/fixtures/alertmanager/firing-single.json")) {
                        String body = new String(in.readAllBytes()).replace("d23543420519add8", "fp-restart-" + i)
                                .replace("HighErrorRate", "RestartAlert" + i);
                        context.getBean(AlertService.class).ingest(json.readValue(body, AlertmanagerPayload.class));
                    }
                }
                // the state change and its message are committed; the platform refused the first tries
                await(() -> chat.attempts().size() >= 1, "a delivery was tried");
                pg.close();
                pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
                chat.mode(ChatDouble.Mode.OK);
                await(() -> chat.posts().size() >= alerts, "every alert delivered after the restart");
                // the outbox row of each is marked delivered: nothing is delivered twice afterwards
                try (Connection c = pg.getPostgresDatabase().getConnection()) {
                    await(() -> {
                        try {
                            return count(c, "select count(*) from outbox where status = 'pending'") == 0;
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, "no outbox row left pending");
                }
                long posted = chat.posts().stream().map(s -> s.reply().header()).distinct().count();
                assertEquals(alerts, chat.posts().size(), chat.posts().toString());
                assertEquals(alerts, posted, "one message per alert");
                Ledger.record(Ledger.Promise.NOTIFICATIONS, "PostgreSQL restarted between alerts' state change and "
                        + "delivery: each delivered once", DatabaseFaultsTest.class, alerts, 1, alerts,
                        alerts - posted);
            }
        } finally {
            pg.close();
        }
    }
}
