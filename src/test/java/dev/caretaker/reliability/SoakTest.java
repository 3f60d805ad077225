package dev.caretaker.reliability;

import dev.caretaker.alert.AlertService;
import dev.caretaker.chat.ChatDouble;
import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.support.CommandFiles;
import dev.caretaker.support.Contexts;
import dev.caretaker.support.People;
import dev.caretaker.support.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short soak against one context: a fixed number of rounds of mixed load (commands, Confirm clicks, alerts firing and
 * resolving through the outbox, digests), then heap after GC, live platform threads, open file descriptors (sockets
 * included) and the database sessions are back near the baseline taken after a warm-up round. The tolerances are far
 * below what a leak of one object, thread or connection per operation would add over the run.
 */
class SoakTest {

    private static final int ROUNDS = 200;
    private static final int WARM_UP = 30;
    private static final ChannelAddress OPS = SlackPlatform.channel("COPS");
    private static final long HEAP_SLACK = 48L << 20;
    private static final int THREAD_SLACK = 8;
    private static final int FD_SLACK = 24;

    @TempDir
    Path tmp;

    private record Sample(long heap, int threads, long fds, long sessions) {
    }

    @Test
    void mixedLoadLeavesHeapThreadsAndConnectionsAtTheirBaseline() throws Exception {
        ChatDouble chat = new ChatDouble();
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.commands-dir", CommandFiles.dir(tmp, "test.yml", CommandFiles.PIPELINE).toString());
        p.put("caretaker.probes.enabled", false);
        p.put("caretaker.outbox.poll", "50ms");
        p.put("caretaker.alerts.default-channels", List.of("slack:COPS"));
        p.put("caretaker.digest.scheduler.enabled", "false");
        p.put("caretaker.digests", List.of(Map.of("name", "soak", "channel", "slack:COPS", "cron", "0 9 * * *",
                "zone", "UTC", "sections", List.of("status", "alerts"))));
        try (ApplicationContext context = Contexts.start(p, chat)) {
            Dispatcher dispatcher = context.getBean(Dispatcher.class);
            AlertService alerts = context.getBean(AlertService.class);
            long ops = 0;
            for (int i = 0; i < WARM_UP; i++) {
                ops += round(dispatcher, alerts, i);
            }
            drain(context, chat);
            Sample before = sample(context);
            for (int i = WARM_UP; i < ROUNDS; i++) {
                ops += round(dispatcher, alerts, i);
            }
            drain(context, chat);
            Sample after = sample(context);

            assertTrue(after.heap() - before.heap() < HEAP_SLACK, "heap after GC grew " + before + " -> " + after);
            assertTrue(after.threads() - before.threads() <= THREAD_SLACK, "threads " + before + " -> " + after);
            assertTrue(after.fds() - before.fds() <= FD_SLACK, "open descriptors " + before + " -> " + after);
            assertTrue(after.sessions() <= 10 + 1, "database sessions within the pool: " + after);
            Ledger.record(Ledger.Promise.ACTIONS, "soak: " + ROUNDS + " rounds of commands, clicks, alerts and digests; "
                    + "heap, threads, descriptors and sessions back at baseline", SoakTest.class, ops, 0, ops, 0);
        }
    }

    /** One round: a command, a confirmed one (a click), an alert firing or resolving, and every 25th a digest. */
    private static int round(Dispatcher dispatcher, AlertService alerts, int i) {
        int ops = 0;
        Outcome ran = dispatcher.dispatch(new CommandRequest(People.OPERATOR, OPS, "test run say=soak-" + i, null));
        assertInstanceOf(Outcome.Completed.class, ran);
        ops++;
        Outcome pending = dispatcher.dispatch(new CommandRequest(People.OPERATOR, OPS, "test confirm say=c" + i, null));
        Outcome.Pending wait = assertInstanceOf(Outcome.Pending.class, pending);
        assertInstanceOf(Outcome.Completed.class, dispatcher.click(ButtonActions.CONFIRM, wait.token(), People.OPERATOR,
                null));
        ops += 2;
        String target = "soak-" + (i % 10);
        if ((i / 10) % 2 == 0) {
            alerts.probeFiring(new ProbeResult(target, "http", ProbeStatus.CRITICAL, 503.0, "",
                    target + " answered HTTP 503, expected 200.", Duration.ofMillis(3), Instant.now()), "critical");
        } else {
            alerts.probeResolved(new ProbeResult(target, "http", ProbeStatus.OK, 200.0, "", target + " answered 200.",
                    Duration.ofMillis(3), Instant.now()));
        }
        ops++;
        if (i % 25 == 0) {
            assertInstanceOf(Outcome.Completed.class, dispatcher.dispatch(new CommandRequest(People.ADMIN, OPS,
                    "digest now", null)));
            ops++;
        }
        return ops;
    }

    /** Waits until every outbox message was delivered: the positive signal that the load is over. */
    private static void drain(ApplicationContext context, ChatDouble chat) throws Exception {
        try (Connection c = TestDatabase.connect(context)) {
            DatabaseFaultsTest.await(() -> {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("select count(*) from outbox where status = 'pending'")) {
                    rs.next();
                    return rs.getLong(1) == 0 && !chat.sent().isEmpty();
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, "the outbox drained");
        }
    }

    private static Sample sample(ApplicationContext context) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        long heap = memory.getHeapMemoryUsage().getUsed();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long fds;
        try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
            fds = open.count();
        } catch (IOException e) {
            fds = 0;
        }
        long sessions;
        try (Connection c = TestDatabase.connect(context); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from pg_stat_activity where datname = current_database() "
                     + "and pid <> pg_backend_pid()")) {
            rs.next();
            sessions = rs.getLong(1);
        }
        return new Sample(heap, threads, fds, sessions);
    }
}
