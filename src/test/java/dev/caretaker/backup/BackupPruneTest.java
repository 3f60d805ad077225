package dev.caretaker.backup;

import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.digest.MutableClock;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.PlainText;
import dev.caretaker.store.BackupCatalog;
import dev.caretaker.store.BackupRecord;
import dev.caretaker.support.People;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention on real backups of a PostgreSQL 15 database, with the clock moved between them. */
class BackupPruneTest {

    @TempDir
    Path dir;

    private static Outcome send(ApplicationContext c, String text) {
        return c.getBean(Dispatcher.class).dispatch(new CommandRequest(People.OPERATOR, SlackPlatform.channel("COPS"),
                text, null));
    }

    private static BackupRecord backup(ApplicationContext c, boolean verify) {
        Outcome o = send(c, "backup now shop");
        assertInstanceOf(Outcome.Completed.class, o, PlainText.render(o.reply()));
        BackupRecord b = c.getBean(BackupCatalog.class).list("shop", 1).get(0);
        if (verify) {
            Outcome v = send(c, "backup verify " + b.id());
            assertInstanceOf(Outcome.Completed.class, v, PlainText.render(v.reply()));
        }
        return b;
    }

    private List<Long> ids(ApplicationContext c) {
        return c.getBean(BackupCatalog.class).list("shop", 50).stream().map(BackupRecord::id).sorted().toList();
    }

    @Test
    void pruneKeepsTheNewestVerifiedBackupsAndTheNewestAndDeletesRowAndObjectTogether() {
        try (ApplicationContext c = Shop.create().start(dir, Map.of("caretaker.test.clock", "2025-01-01T00:00:00Z",
                "caretaker.backups.keep", "30d", "caretaker.backups.keep-verified", "2"))) {
            MutableClock clock = c.getBean(MutableClock.class);
            BackupRecord day0 = backup(c, true);
            clock.advance(Duration.ofDays(10));
            BackupRecord day10 = backup(c, false);
            clock.advance(Duration.ofDays(10));
            BackupRecord day20 = backup(c, true);
            clock.advance(Duration.ofDays(5));
            BackupRecord day25 = backup(c, true);
            clock.advance(Duration.ofDays(25));
            BackupRecord day50 = backup(c, false);

            Outcome dry = send(c, "backup prune target=shop");
            assertInstanceOf(Outcome.Completed.class, dry, PlainText.render(dry.reply()));
            String text = PlainText.render(dry.reply());
            assertTrue(text.contains("2 of 5 backups would be deleted"), text);
            assertEquals(List.of(day0.id(), day10.id(), day20.id(), day25.id(), day50.id()), ids(c), "a dry run deletes nothing");
            assertTrue(Files.exists(dir.resolve(day0.storageKey())));

            Outcome real = send(c, "backup prune dry-run=false target=shop");
            assertInstanceOf(Outcome.Completed.class, real, PlainText.render(real.reply()));
            assertEquals(List.of(day20.id(), day25.id(), day50.id()), ids(c));
            assertFalse(Files.exists(dir.resolve(day0.storageKey())), "the object left with its row");
            assertFalse(Files.exists(dir.resolve(day10.storageKey())));
            assertTrue(Files.exists(dir.resolve(day20.storageKey())));
        }
    }

    @Test
    void theOnlyVerifiedBackupStaysHoweverOldAndOldFailuresGo() throws Exception {
        try (ApplicationContext c = Shop.create().start(dir, Map.of("caretaker.test.clock", "2025-01-01T00:00:00Z",
                "caretaker.backups.keep", "7d", "caretaker.backups.keep-verified", "1"))) {
            MutableClock clock = c.getBean(MutableClock.class);
            BackupRecord verified = backup(c, true);
            clock.advance(Duration.ofDays(1));
            BackupRecord old = backup(c, false);
            // a failed attempt: its storage cannot be written (the directory is a file)
            Path blocker = dir.resolve("shop");
            Path moved = dir.resolve("shop-moved");
            Files.move(blocker, moved);
            Files.writeString(blocker, "not a directory");
            Outcome failed = send(c, "backup now shop");
            assertInstanceOf(Outcome.Failed.class, failed);
            Files.delete(blocker);
            Files.move(moved, blocker);
            clock.advance(Duration.ofDays(60));
            BackupRecord newest = backup(c, false);

            send(c, "backup prune dry-run=false target=shop");
            List<BackupRecord> left = c.getBean(BackupCatalog.class).list("shop", 50);
            assertEquals(List.of(newest.id(), verified.id()), left.stream().map(BackupRecord::id).toList(),
                    "the only verified backup and the newest stay; the old unverified one and the failure go");
            assertFalse(Files.exists(dir.resolve(old.storageKey())));
            assertTrue(Files.exists(dir.resolve(verified.storageKey())));
        }
    }
}
