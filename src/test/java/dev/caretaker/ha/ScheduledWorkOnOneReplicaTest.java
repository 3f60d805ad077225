package dev.caretaker.ha;

import dev.caretaker.alert.ProbeScheduler;
import dev.caretaker.probe.ProbeCatalog;
import dev.caretaker.digest.RecordingChat;
import dev.caretaker.reliability.Ledger;
import dev.caretaker.store.DigestRuns;
import dev.caretaker.store.Leadership;
import dev.caretaker.store.ProbeResultStore;
import dev.caretaker.store.ScheduleStore;
import dev.caretaker.support.Await;
import dev.caretaker.support.RecordingAction;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three replicas with every scheduled job ticking every 100 ms: probes, the digest and a scheduled command run on the
 * replica holding the scheduler lease, once. (Backups: {@code backup.BackupScheduleTest} runs one backup on two
 * replicas sharing PostgreSQL and Redis.)
 */
class ScheduledWorkOnOneReplicaTest {

    /** Berlin 09:00:05 on a winter day: the 09:00 digest and the 09:00 scheduled command are due. */
    private static final String NOW = "2025-01-15T08:00:05Z";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    @Test
    void probesTheDigestAndAScheduledCommandRunOnTheLeaseHolderOnly() throws Exception {
        try (Replicas replicas = new Replicas(temp)) {
            List<ApplicationContext> r = replicas.start(3, jobsTicking());
            Await.until(WAIT, "one replica holds the scheduler lease", () -> replicas.leaders().size() == 1);
            ApplicationContext leader = replicas.leaders().get(0);
            String holder = leader.getBean(Leadership.class).holder();

            Await.until(WAIT, "the digest and the scheduled command are posted", () -> posts(r, "morning") == 1
                    && replicas.runs("scheduled") == 1);
            int probes = leader.getBean(ProbeCatalog.class).probes().size();
            Await.until(WAIT, "the probes ran", () -> probeRows(leader).size() >= probes);
            // every replica's jobs keep ticking: followers asked directly run nothing either
            for (ApplicationContext c : r) {
                if (c != leader) {
                    assertTrue(c.getBean(ProbeScheduler.class).tick().isEmpty(), "a follower runs no probe");
                }
            }
            Await.until(WAIT, "the leader renewed its lease", () -> leader.getBean(Leadership.class).isLeader());

            assertEquals(1, leader.getBean(DigestRuns.class).count("morning"), "one digest run");
            assertEquals(holder, leader.getBean(DigestRuns.class)
                    .replica("morning", Instant.parse("2025-01-15T08:00:00Z")).orElseThrow(), "by the holder");
            assertEquals(1, leader.getBean(ScheduleStore.class).count("morning-run"), "one scheduled run");
            assertEquals(1, leader.getBean(RecordingAction.class).runs().size(), "the holder ran the scheduled command");
            assertEquals(1, posts(r, "morning"), "one digest in the channel");
            // the fixed clock never makes a probe due again: a second replica running them would add rows
            assertEquals(probes, probeRows(leader).size(), "each probe ran once: " + probeRows(leader));
            assertEquals(probes, probeRows(leader).stream().map(row -> row.probe()).distinct().count());
            Ledger.record(Ledger.Promise.ACTIONS, "Probe, digest and scheduled command on 3 replicas run once, on the holder",
                    ScheduledWorkOnOneReplicaTest.class, 3, 0, 3, 0);
        }
    }

    private Map<String, Object> jobsTicking() {
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.test.clock", NOW);
        p.put("caretaker.test.recording-chat", "true");
        p.put("caretaker.probes.enabled", "true");
        p.put("caretaker.probes.tick", "100ms");
        p.put("caretaker.probes.self", "false");
        p.put("caretaker.targets.data.type", "disk");
        p.put("caretaker.targets.data.path", ".");
        p.put("caretaker.targets.data.interval", "1m");
        p.put("caretaker.digest.tick", "100ms");
        p.put("caretaker.digest.initial-delay", "0s");
        p.put("caretaker.digests", List.of(Map.of("name", "morning", "channel", "console", "cron", "0 9 * * *",
                "zone", "Europe/Berlin", "sections", List.of("status"))));
        p.put("caretaker.schedule.tick", "100ms");
        p.put("caretaker.schedule.initial-delay", "0s");
        p.put("caretaker.schedules", List.of(Map.of("name", "morning-run", "cron", "0 9 * * *", "zone", "Europe/Berlin",
                "command", "test run say=scheduled", "channel", "console", "as", "operator", "quiet", "false")));
        return p;
    }

    private static List<dev.caretaker.store.ProbeRow> probeRows(ApplicationContext c) {
        return c.getBean(ProbeResultStore.class).since(Instant.parse(NOW).minusSeconds(3600));
    }

    /** Posts (not edits) whose text mentions {@code word}, on every replica's console. */
    private static long posts(List<ApplicationContext> replicas, String word) {
        return replicas.stream().flatMap(c -> c.getBean(RecordingChat.class).posts().stream())
                .filter(s -> dev.caretaker.reply.PlainText.render(s.reply()).toLowerCase().contains(word)).count();
    }
}
