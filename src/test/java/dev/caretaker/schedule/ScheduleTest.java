package dev.caretaker.schedule;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.digest.MutableClock;
import dev.caretaker.digest.RecordingChat;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.PlainText;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.AuditQuery;
import dev.caretaker.store.AuditRecord;
import dev.caretaker.store.ScheduleStore;
import dev.caretaker.support.People;
import dev.caretaker.support.RecordingAction;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scheduled commands on embedded PostgreSQL with a clock the test moves: once per time, late, paused, quiet, refused. */
class ScheduleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    @Test
    void aScheduleDueEveryMinuteOnTwoReplicasPostsOncePerMinuteForThreeMinutes() throws Exception {
        Map<String, Object> p = ScheduleContexts.shared(ScheduleContexts.properties(temp, "2025-03-10T08:00:00Z",
                List.of(ScheduleContexts.schedule("every-minute", "* * * * *", "test run say=tick", "operator", false))));
        ExecutorService both = Executors.newFixedThreadPool(2);
        try (ApplicationContext a = TestContexts.start(p); ApplicationContext b = TestContexts.start(p)) {
            for (int minute = 0; minute < 3; minute++) {
                // both replicas tick several times within the minute, at the same moment
                for (ApplicationContext c : List.of(a, b)) {
                    c.getBean(MutableClock.class).set(Instant.parse("2025-03-10T08:00:00Z")
                            .plus(Duration.ofMinutes(minute)).plusSeconds(5));
                }
                for (int tick = 0; tick < 3; tick++) {
                    List<ScheduleService.Claimed> claimed = new ArrayList<>();
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<List<ScheduleService.Claimed>>> runs = new ArrayList<>();
                    for (ApplicationContext c : List.of(a, b)) {
                        Callable<List<ScheduleService.Claimed>> run = () -> {
                            go.await();
                            return c.getBean(ScheduleService.class).runDue();
                        };
                        runs.add(both.submit(run));
                    }
                    go.countDown();
                    for (Future<List<ScheduleService.Claimed>> f : runs) {
                        claimed.addAll(f.get(30, TimeUnit.SECONDS));
                    }
                    for (ScheduleService.Claimed c : claimed) {
                        assertEquals(ScheduleService.Result.OK, c.done().get(30, TimeUnit.SECONDS));
                    }
                    assertEquals(tick == 0 ? 1 : 0, claimed.size(), "minute " + minute + ", tick " + tick);
                }
            }
            List<RecordingChat.Sent> posts = awaitPosts(List.of(a, b), 3);
            assertEquals(3, posts.size(), "one message per minute");
            for (int minute = 0; minute < 3; minute++) {
                String berlin = "09:0" + minute;
                assertEquals(1, posts.stream().filter(s -> PlainText.render(s.reply()).contains(berlin)).count(),
                        "the post for " + berlin + " in Berlin");
            }
            assertTrue(PlainText.render(posts.get(0).reply()).contains("ran test run tick"),
                    PlainText.render(posts.get(0).reply()));
            assertEquals(3, a.getBean(RecordingAction.class).runs().size() + b.getBean(RecordingAction.class).runs().size());
            assertEquals(3, a.getBean(ScheduleStore.class).count("every-minute"));
            List<AuditRecord> audit = a.getBean(AuditLog.class).search(new AuditQuery(null, "test run", Instant.EPOCH, 50));
            assertEquals(3, audit.size());
            for (AuditRecord r : audit) {
                assertEquals("schedule", r.platform());
                assertEquals("schedule:every-minute", r.userName());
                assertEquals("ok", r.outcome());
            }
        } finally {
            both.shutdownNow();
        }
    }

    @Test
    void aRunMissedWhileDownRunsOnceMarkedLate() throws Exception {
        Map<String, Object> p = ScheduleContexts.properties(temp, "2025-03-10T09:00:05Z",
                List.of(ScheduleContexts.schedule("hourly", "0 * * * *", "test run say=hour", "operator", false)));
        try (ApplicationContext c = TestContexts.start(p)) {
            ScheduleService service = c.getBean(ScheduleService.class);
            MutableClock clock = c.getBean(MutableClock.class);
            ScheduleService.Claimed first = only(service.runDue());
            assertFalse(first.late(), "on time");
            assertEquals(ScheduleService.Result.OK, first.done().get(30, TimeUnit.SECONDS));
            // down from 10:00 to 13:20 (Berlin 11:00 to 14:20): three runs missed
            clock.set(Instant.parse("2025-03-10T12:20:00Z"));
            ScheduleService.Claimed late = only(service.runDue());
            assertTrue(late.late());
            assertEquals(ScheduleService.Result.OK, late.done().get(30, TimeUnit.SECONDS));
            assertEquals(Instant.parse("2025-03-10T12:00:00Z"), late.scheduledAt(), "only the latest missed one");
            clock.set(Instant.parse("2025-03-10T12:21:00Z"));
            assertTrue(service.runDue().isEmpty(), "and only once");
            List<RecordingChat.Sent> posts = c.getBean(RecordingChat.class).awaitPosts(2, WAIT);
            assertEquals(2, posts.size());
            String text = PlainText.render(posts.get(1).reply());
            assertTrue(text.contains("run late: Caretaker was not running then"), text);
            assertTrue(text.contains("13:00"), text);
            assertEquals(2, c.getBean(RecordingAction.class).runs().size());
        }
    }

    @Test
    void aFirstStartAfterTheTimeDoesNotRunItLate() throws Exception {
        Map<String, Object> p = ScheduleContexts.properties(temp, "2025-03-10T09:20:00Z",
                List.of(ScheduleContexts.schedule("hourly", "0 * * * *", "test run say=hour", "operator", false)));
        try (ApplicationContext c = TestContexts.start(p)) {
            assertTrue(c.getBean(ScheduleService.class).runDue().isEmpty());
            c.getBean(MutableClock.class).set(Instant.parse("2025-03-10T10:00:01Z"));
            ScheduleService.Claimed next = only(c.getBean(ScheduleService.class).runDue());
            assertFalse(next.late(), "the next one runs on time");
            assertEquals(ScheduleService.Result.OK, next.done().join());
        }
    }

    @Test
    void aPausedScheduleDoesNotRunAndResumingDoesNotCatchUp() throws Exception {
        Map<String, Object> p = ScheduleContexts.properties(temp, "2025-03-10T08:00:05Z",
                List.of(ScheduleContexts.schedule("every-minute", "* * * * *", "test run say=tick", "operator", false)));
        try (ApplicationContext c = TestContexts.start(p)) {
            ScheduleService service = c.getBean(ScheduleService.class);
            MutableClock clock = c.getBean(MutableClock.class);
            Dispatcher dispatcher = c.getBean(Dispatcher.class);
            assertEquals(ScheduleService.Result.OK, only(service.runDue()).done().get(30, TimeUnit.SECONDS));

            Outcome viewer = dispatcher.dispatch(new CommandRequest(People.VIEWER, ChannelAddress.CONSOLE,
                    "schedule pause every-minute", null));
            assertInstanceOf(Outcome.Denied.class, viewer, "pausing needs operator");
            Outcome paused = dispatcher.dispatch(new CommandRequest(People.OPERATOR, ChannelAddress.CONSOLE,
                    "schedule pause every-minute", null));
            assertInstanceOf(Outcome.Completed.class, paused);
            assertTrue(PlainText.render(paused.reply()).contains("paused `every-minute`"), PlainText.render(paused.reply()));

            for (int minute = 1; minute <= 3; minute++) {
                clock.set(Instant.parse("2025-03-10T08:00:05Z").plus(Duration.ofMinutes(minute)));
                assertTrue(service.runDue().isEmpty(), "paused at minute " + minute);
            }
            Outcome list = dispatcher.dispatch(new CommandRequest(People.VIEWER, ChannelAddress.CONSOLE,
                    "schedule list", null));
            assertTrue(PlainText.render(list.reply()).contains("paused by <@U_OPERATOR>"), PlainText.render(list.reply()));

            clock.set(Instant.parse("2025-03-10T08:03:30Z"));
            dispatcher.dispatch(new CommandRequest(People.OPERATOR, ChannelAddress.CONSOLE, "schedule resume every-minute",
                    null));
            assertTrue(service.runDue().isEmpty(), "08:03 was due while paused: not caught up");
            clock.set(Instant.parse("2025-03-10T08:04:05Z"));
            assertEquals(ScheduleService.Result.OK, only(service.runDue()).done().get(30, TimeUnit.SECONDS));
            assertEquals(2, c.getBean(RecordingAction.class).runs().size(), "08:00 and 08:04 only");
        }
    }

    @Test
    void aQuietSchedulePostsOnlyWhatFailed() throws Exception {
        Map<String, Object> p = ScheduleContexts.properties(temp, "2025-03-10T08:00:05Z", List.of(
                ScheduleContexts.schedule("quiet-ok", "* * * * *", "test run say=fine", "operator", true),
                ScheduleContexts.schedule("quiet-bad", "* * * * *", "test run fail=true", "operator", true)));
        try (ApplicationContext c = TestContexts.start(p)) {
            List<ScheduleService.Claimed> claimed = c.getBean(ScheduleService.class).runDue();
            assertEquals(2, claimed.size());
            for (ScheduleService.Claimed run : claimed) {
                run.done().get(30, TimeUnit.SECONDS);
            }
            List<RecordingChat.Sent> posts = c.getBean(RecordingChat.class).awaitPosts(1, WAIT);
            assertEquals(1, posts.size(), "the failure only");
            String text = PlainText.render(posts.get(0).reply());
            assertTrue(text.contains("quiet-bad"), text);
            assertFalse(text.contains("hunter2"), "redacted: " + text);
            assertEquals("ok", c.getBean(ScheduleStore.class).latest("quiet-ok").orElseThrow().outcome().orElseThrow());
            assertEquals("failed", c.getBean(ScheduleStore.class).latest("quiet-bad").orElseThrow().outcome().orElseThrow());
        }
    }

    @Test
    void scheduleRunRunsItNowWithTheRequestersRoles() {
        Map<String, Object> p = ScheduleContexts.properties(temp, "2025-03-10T08:00:05Z",
                List.of(ScheduleContexts.schedule("hourly", "0 * * * *", "test run say=now", "operator", false)));
        try (ApplicationContext c = TestContexts.start(p)) {
            Dispatcher dispatcher = c.getBean(Dispatcher.class);
            Outcome viewer = dispatcher.dispatch(new CommandRequest(People.VIEWER, ChannelAddress.CONSOLE,
                    "schedule run hourly", null));
            assertInstanceOf(Outcome.Denied.class, viewer);
            Outcome ran = dispatcher.dispatch(new CommandRequest(People.OPERATOR, ChannelAddress.CONSOLE,
                    "schedule run hourly", null));
            assertInstanceOf(Outcome.Completed.class, ran);
            assertTrue(PlainText.render(ran.reply()).contains("ran test run now"), PlainText.render(ran.reply()));
            Outcome unknown = dispatcher.dispatch(new CommandRequest(People.OPERATOR, ChannelAddress.CONSOLE,
                    "schedule run nightly", null));
            assertEquals("No schedule is called `nightly`; the schedules are `hourly`.",
                    PlainText.render(unknown.reply()).strip());
            List<AuditRecord> rows = c.getBean(AuditLog.class).search(new AuditQuery(null, null, Instant.EPOCH, 50));
            AuditRecord outer = rows.stream().filter(r -> r.command().equals("schedule run") && "ok".equals(r.outcome()))
                    .findFirst().orElseThrow();
            assertTrue(rows.stream().anyMatch(r -> r.command().equals("test run") && r.requestId().equals(outer.requestId())
                    && r.userId().equals("U_OPERATOR")), "the command ran as the operator, under the same request id");
            assertEquals(0, c.getBean(ScheduleStore.class).count("hourly"), "nothing was claimed");
        }
    }

    @Test
    void aScheduleNamingACommandThatNeedsApprovalStopsTheBootWithOneSentence() {
        Map<String, Object> p = ScheduleContexts.properties(temp, "2025-03-10T08:00:05Z",
                List.of(ScheduleContexts.schedule("weekly-approve", "0 3 * * 1", "test approve", "admin", false)));
        Exception e = assertThrows(Exception.class, () -> {
            try (ApplicationContext c = TestContexts.start(p)) {
                c.getBean(Schedules.class);   // as the application does right after it starts
            }
        });
        assertEquals("The schedule `weekly-approve` (caretaker.schedules[0].command) runs `test approve`, which needs "
                + "another person's approval, and nobody is there to give it on a schedule; schedule a command that needs "
                + "no approval.", configurationMessage(e));
    }

    @Test
    void badScheduleSettingsNameTheirKeys() {
        Map<String, Object> p = ScheduleContexts.properties(temp, "2025-03-10T08:00:05Z", List.of(
                Map.of("name", "a", "cron", "0 25 * * *", "command", "test run", "channel", "console", "as", "operator"),
                Map.of("name", "b", "cron", "@daily", "command", "test confirm", "channel", "slack:", "as", "operator"),
                Map.of("name", "c", "cron", "@daily", "command", "test run", "channel", "console", "as", "viewer")));
        Exception e = assertThrows(Exception.class, () -> {
            try (ApplicationContext c = TestContexts.start(p)) {
                c.getBean(Schedules.class);
            }
        });
        String message = configurationMessage(e);
        assertTrue(message.contains("`caretaker.schedules[0].cron`"), message);
        assertTrue(message.contains("`caretaker.schedules[1].channel` is `slack:`"), message);
        assertTrue(message.contains("runs `test confirm`, which asks to be confirmed"), message);
        assertTrue(message.contains("The schedule `c` runs `test run` as viewer (caretaker.schedules[2].as), but "
                + "`test run` needs the operator role; set `as: operator`."), message);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theExampleConfigurationSchedulesTheRunbooksJobsAndTheyRun() throws Exception {
        Map<String, Object> yaml = new org.yaml.snakeyaml.Yaml().load(java.nio.file.Files.readString(
                Path.of("config/caretaker.yml")));
        List<Map<String, Object>> schedules = (List<Map<String, Object>>) ((Map<String, Object>) yaml.get("caretaker"))
                .get("schedules");
        // Sunday 9 March 2025, 04:00:30 in Berlin: the weekly vacuum (03:00) is an hour late, the analyze on time
        Map<String, Object> p = ScheduleContexts.properties(temp, "2025-03-09T03:00:30Z", schedules);
        try (ApplicationContext c = TestContexts.start(p)) {
            Schedules all = c.getBean(Schedules.class);
            assertEquals(List.of("nightly-retention", "weekly-vacuum", "daily-analyze"),
                    all.all().stream().map(Schedule::name).toList());
            assertEquals(List.of("db retention dry-run=false", "db vacuum", "db analyze"),
                    all.all().stream().map(Schedule::command).toList());
            ScheduleService.Claimed analyze = only(c.getBean(ScheduleService.class).runDue());
            assertEquals("daily-analyze", analyze.schedule().name(), "a first start runs nothing late");
            assertEquals(ScheduleService.Result.OK, analyze.done().get(60, TimeUnit.SECONDS));
            List<AuditRecord> rows = c.getBean(AuditLog.class).search(new AuditQuery(null, "db analyze", Instant.EPOCH, 5));
            assertEquals("schedule:daily-analyze", rows.get(0).userName());
            assertEquals("ok", rows.get(0).outcome());
        }
    }

    private static String configurationMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException c) {
                return c.getMessage();
            }
        }
        throw new AssertionError("no configuration problem in " + e, e);
    }

    private static ScheduleService.Claimed only(List<ScheduleService.Claimed> claimed) {
        assertEquals(1, claimed.size(), claimed.toString());
        return claimed.get(0);
    }

    private static List<RecordingChat.Sent> awaitPosts(List<ApplicationContext> replicas, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<RecordingChat.Sent> all = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            all.clear();
            replicas.forEach(r -> all.addAll(r.getBean(RecordingChat.class).posts()));
            if (all.size() >= count) {
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return List.copyOf(all);
    }
}
