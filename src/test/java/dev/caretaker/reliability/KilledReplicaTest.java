package dev.caretaker.reliability;

import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.support.CommandFiles;
import dev.caretaker.support.Contexts;
import dev.caretaker.support.People;
import dev.caretaker.support.RecordingAction;
import dev.caretaker.support.TestDatabase;
import dev.caretaker.support.TestRedis;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replica killed ({@code kill -9}) in the middle of an action: the audit shows the action started and never
 * finished, and the platform's retry of the same delivery reaching another replica does not run it again.
 */
class KilledReplicaTest {

    private static final String COMMANDS = """
            commands:
              - name: slow act
                summary: an action long enough to be killed in
                role: operator
                action: test.record
                timeout: 1m
                args:
                  - {name: sleep, type: duration}
            """;

    @TempDir
    Path tmp;

    @Test
    void theAuditShowsStartedNeverFinishedAndNoOtherReplicaRunsItAgain() throws Exception {
        String db = TestDatabase.freshDatabaseUrl();
        Path commands = CommandFiles.dir(tmp, "slow.yml", COMMANDS);
        String line = "slow act sleep=50s";
        String delivery = "Ev0KILLED01";
        try (TestRedis redis = new TestRedis()) {
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classpath, ReplicaMain.class.getName(), db, redis.uri(), commands.toString(), line, delivery));
            Process replica = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String requestId;
            try {
                CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> {
                    try (BufferedReader out = new BufferedReader(new InputStreamReader(replica.getInputStream(),
                            StandardCharsets.UTF_8))) {
                        for (String l = out.readLine(); l != null; l = out.readLine()) {
                            if (l.startsWith("running ")) {
                                return l.substring("running ".length());
                            }
                        }
                        return null;
                    } catch (java.io.IOException e) {
                        return null;
                    }
                });
                requestId = running.get(90, TimeUnit.SECONDS);
                assertTrue(requestId != null, "the replica started the action");
            } finally {
                replica.destroyForcibly();
                replica.waitFor(30, TimeUnit.SECONDS);
            }

            try (ApplicationContext other = Contexts.start(Map.of("datasources.default.url", db, "redis.uri", redis.uri(),
                    "caretaker.commands-dir", commands.toString(), "caretaker.probes.enabled", false))) {
                Dispatcher dispatcher = other.getBean(Dispatcher.class);
                RecordingAction action = other.getBean(RecordingAction.class);
                // the platform retries the delivery the dead replica took: it is a duplicate here
                Outcome retry = dispatcher.dispatch(new CommandRequest(People.OPERATOR, SlackPlatform.channel("COPS"),
                        line, delivery));
                assertInstanceOf(Outcome.Duplicate.class, retry);
                // a positive signal on this replica (a new delivery runs), then the absence of a second run of the first
                Outcome fresh = dispatcher.dispatch(new CommandRequest(People.OPERATOR, SlackPlatform.channel("COPS"),
                        "slow act sleep=1s", "Ev0FRESH01"));
                assertInstanceOf(Outcome.Completed.class, fresh);
                assertEquals(1, action.runs().size(), "only the new delivery ran here");

                try (Connection c = TestDatabase.connect(other); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("select outcome, finished_at, (select status from executions e "
                             + "where e.audit_id = a.id) from audit_log a where request_id = '" + requestId + "'")) {
                    assertTrue(rs.next(), "the killed replica's audit row is there");
                    assertEquals("started", rs.getString(1));
                    assertNull(rs.getTimestamp(2), "never finished");
                    assertEquals("running", rs.getString(3));
                    assertTrue(!rs.next(), "one row");
                }
            }
            Ledger.record(Ledger.Promise.ACTIONS, "replica killed (kill -9) mid-action: the retry of its delivery on "
                    + "another replica does not run it again", KilledReplicaTest.class, 1, 1, 1, 0);
            Ledger.record(Ledger.Promise.AUDIT, "replica killed mid-action: its row shows started, never finished",
                    KilledReplicaTest.class, 1, 1, 1, 0);
        }
    }
}
