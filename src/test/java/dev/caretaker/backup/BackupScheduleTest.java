package dev.caretaker.backup;

import dev.caretaker.digest.MutableClock;
import dev.caretaker.store.AlertRecord;
import dev.caretaker.store.AlertStore;
import dev.caretaker.store.BackupCatalog;
import dev.caretaker.store.BackupRecord;
import dev.caretaker.store.Leadership;
import dev.caretaker.support.TestContexts;
import dev.caretaker.support.TestDatabase;
import dev.caretaker.support.TestRedis;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backup schedule: on time, then verified and pruned; a missed run once at start-up, none on a first start; two
 * replicas sharing PostgreSQL and Redis run one backup.
 */
class BackupScheduleTest {

    @TempDir
    Path dir;

    private static Map<String, Object> scheduled(Shop shop, Path dir, String clock) {
        Map<String, Object> p = new HashMap<>(shop.properties(dir));
        p.put("caretaker.test.clock", clock);
        p.put("caretaker.backups.targets.shop.schedule", "0 2 * * *");
        p.put("caretaker.backups.targets.shop.zone", "Europe/Berlin");
        p.put("caretaker.backups.targets.shop.channel", "console");
        p.put("caretaker.backups.scheduler.enabled", "false");
        return p;
    }

    private static void await(List<BackupScheduler.Claimed> claimed) throws Exception {
        for (BackupScheduler.Claimed c : claimed) {
            c.run().get();
        }
    }

    @Test
    void aDueBackupRunsOnceIsVerifiedAndReportsByEditingOneMessage() throws Exception {
        // 02:00 in Berlin in winter is 01:00 UTC
        try (ApplicationContext c = TestContexts.start(scheduled(Shop.create(), dir, "2025-01-15T01:00:05Z"))) {
            BackupScheduler scheduler = c.getBean(BackupScheduler.class);
            List<BackupScheduler.Claimed> claimed = scheduler.runDue();
            assertEquals(1, claimed.size());
            assertEquals(Instant.parse("2025-01-15T01:00:00Z"), claimed.get(0).scheduledAt());
            await(claimed);
            assertTrue(scheduler.runDue().isEmpty(), "the same instant never runs twice");
            List<BackupRecord> all = c.getBean(BackupCatalog.class).list("shop", 10);
            assertEquals(1, all.size());
            BackupRecord b = all.get(0);
            assertEquals(BackupRecord.SCHEDULE, b.requestedBy());
            assertEquals(Instant.parse("2025-01-15T01:00:00Z"), b.scheduledAt());
            assertTrue(b.verified(), "each scheduled backup is verified");
            try (Connection conn = TestDatabase.connect(c); Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("select count(distinct lane_id), count(*) from outbox o join outbox_lanes l "
                         + "on l.id = o.lane_id where l.message_key like 'backup-schedule:shop:%'")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "one message, edited");
                assertTrue(rs.getInt(2) >= 3, "started, stored, done: " + rs.getInt(2));
            }
        }
    }

    @Test
    void aScheduleMissedWhileDownRunsOnceAtStartUpAndAFirstStartRunsNone() throws Exception {
        Shop shop = Shop.create();
        try (ApplicationContext c = TestContexts.start(scheduled(shop, dir, "2025-03-10T09:00:00Z"))) {
            BackupScheduler scheduler = c.getBean(BackupScheduler.class);
            assertTrue(scheduler.runDue().isEmpty(), "a first start after 02:00 has missed nothing");

            BackupCatalog catalog = c.getBean(BackupCatalog.class);
            catalog.claimScheduled("shop", Instant.parse("2025-03-07T01:00:00Z"), false,
                    Instant.parse("2025-03-07T01:00:01Z"), "an earlier start");
            List<BackupScheduler.Claimed> late = scheduler.runDue();
            assertEquals(1, late.size(), "three days down: one backup, not three");
            assertTrue(late.get(0).late());
            assertEquals(Instant.parse("2025-03-10T01:00:00Z"), late.get(0).scheduledAt());
            await(late);
            assertTrue(scheduler.runDue().isEmpty());
            assertEquals(1, catalog.list("shop", 10).size());

            c.getBean(MutableClock.class).set(Instant.parse("2025-03-11T01:00:02Z"));
            List<BackupScheduler.Claimed> next = scheduler.runDue();
            assertEquals(1, next.size());
            assertTrue(!next.get(0).late());
            await(next);
            assertEquals(2, catalog.list("shop", 10).size());
        }
    }

    @Test
    void aFailedScheduledBackupIsACriticalAlertOfItsTarget() throws Exception {
        Map<String, Object> p = scheduled(Shop.create(), dir, "2025-01-15T01:00:05Z");
        p.put("caretaker.targets.shop.password", "wrong password");
        try (ApplicationContext c = TestContexts.start(p)) {
            await(c.getBean(BackupScheduler.class).runDue());
            AlertRecord alert = c.getBean(AlertStore.class).byProbeFingerprint("shop/" + BackupScheduler.FAILED_ALERT)
                    .orElseThrow();
            assertEquals("critical", alert.severity());
            assertTrue(alert.open());
        }
    }

    @Test
    void twoReplicasSharingPostgresAndRedisRunOneBackup() throws Exception {
        Shop shop = Shop.create();
        try (TestRedis redis = new TestRedis()) {
            Map<String, Object> p = scheduled(shop, dir, "2025-01-15T01:00:03Z");
            p.put("datasources.default.url", TestContexts.properties().get("datasources.default.url"));
            p.put("redis.uri", redis.uri());
            p.put("caretaker.leader.lease", "3s");
            p.put("caretaker.backups.scheduler.enabled", "true");
            p.put("caretaker.backups.tick", "200ms");
            p.put("caretaker.backups.initial-delay", "0s");
            try (ApplicationContext a = TestContexts.start(p); ApplicationContext b = TestContexts.start(p)) {
                assertNotEquals(a.getBean(Leadership.class).isLeader(), b.getBean(Leadership.class).isLeader(),
                        "one replica holds the scheduler lease");
                BackupCatalog catalog = a.getBean(BackupCatalog.class);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (catalog.list("shop", 10).stream().noneMatch(BackupRecord::verified) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                // both replicas tick many more times after the backup: a duplicate would have shown
                long ticksA = a.getBean(BackupJob.class).ticks();
                long ticksB = b.getBean(BackupJob.class).ticks();
                while ((a.getBean(BackupJob.class).ticks() < ticksA + 5 || b.getBean(BackupJob.class).ticks() < ticksB + 5)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                // and the follower, asked directly, finds the run claimed
                ApplicationContext follower = a.getBean(Leadership.class).isLeader() ? b : a;
                assertTrue(follower.getBean(BackupScheduler.class).runDue().isEmpty());
                List<BackupRecord> all = catalog.list("shop", 10);
                assertEquals(1, all.size(), "one backup for the 02:00 run");
                assertEquals(1, catalog.scheduledCount("shop"));
                String leader = (a.getBean(Leadership.class).isLeader() ? a : b).getBean(Leadership.class).holder();
                assertEquals(leader, all.get(0).replica(), "the lease holder ran it");
            }
        }
    }
}
