package dev.caretaker.backup;

import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reliability.Ledger;
import dev.caretaker.reply.PlainText;
import dev.caretaker.store.AlertRecord;
import dev.caretaker.store.AlertStore;
import dev.caretaker.store.BackupCatalog;
import dev.caretaker.store.BackupRecord;
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full disk under the backup storage: the backup fails cleanly (one sentence, a failed row in the catalogue, no
 * object, no half-written file), and a scheduled one that fails this way is a critical alert of its target.
 */
class FullDiskBackupTest {

    @TempDir
    Path dir;

    @Test
    void aFullDiskFailsTheBackupCleanlyAndAlerts() throws Exception {
        Map<String, Object> p = new HashMap<>(Shop.create().properties(dir));
        p.put("caretaker.test.full-disk-after", "1024");
        p.put("caretaker.test.clock", "2025-01-15T01:00:05Z");
        p.put("caretaker.backups.targets.shop.schedule", "0 2 * * *");
        p.put("caretaker.backups.targets.shop.zone", "Europe/Berlin");
        p.put("caretaker.backups.targets.shop.channel", "console");
        p.put("caretaker.backups.scheduler.enabled", "false");
        try (ApplicationContext c = TestContexts.start(p)) {
            // asked for in chat
            Outcome asked = c.getBean(Dispatcher.class).dispatch(new CommandRequest(People.ADMIN,
                    SlackPlatform.channel("COPS"), "backup now shop", null, null, true));
            assertInstanceOf(Outcome.Failed.class, asked);
            String said = PlainText.render(asked.reply()).strip();
            assertEquals(BackupMessages.storageWriteFailed("shop", new java.io.IOException("No space left on device")),
                    said);

            // on its schedule: the same, and a critical alert
            for (BackupScheduler.Claimed claimed : c.getBean(BackupScheduler.class).runDue()) {
                claimed.run().get();
            }
            AlertRecord alert = c.getBean(AlertStore.class).byProbeFingerprint("shop/" + BackupScheduler.FAILED_ALERT)
                    .orElseThrow();
            assertEquals("critical", alert.severity());
            assertTrue(alert.open());

            List<BackupRecord> rows = c.getBean(BackupCatalog.class).list("shop", 10);
            assertEquals(2, rows.size(), rows.toString());
            for (BackupRecord row : rows) {
                assertEquals(BackupRecord.FAILED, row.status(), row.toString());
                assertTrue(row.error().contains("No space left on device"), row.error());
                assertEquals(null, row.sha256(), "no checksum of a half object");
            }
            try (Stream<Path> files = Files.walk(dir)) {
                List<Path> left = files.filter(Files::isRegularFile).toList();
                assertEquals(List.of(), left, "nothing half-written in the storage");
            }
            Ledger.record(Ledger.Promise.NOTIFICATIONS, "backup storage full: the scheduled backup's failure is a "
                    + "critical alert", FullDiskBackupTest.class, 1, 1, 1, 0);
            Ledger.record(Ledger.Promise.AUDIT, "backup storage full: each attempt is a failed catalogue row with its "
                    + "sentence, no object or partial file", FullDiskBackupTest.class, 2, 2, 2, 0);
        }
    }
}
