package dev.caretaker.backup;

import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Decision;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.PlainText;
import dev.caretaker.security.Caller;
import dev.caretaker.store.BackupCatalog;
import dev.caretaker.store.BackupRecord;
import dev.caretaker.store.MaintenanceWindowStore;
import dev.caretaker.support.People;
import dev.caretaker.support.Postgres15;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code backup restore} on the PostgreSQL 15 server: a second admin approves after seeing what is overwritten, the
 * requester cannot approve their own, and the live database is refused unless force=true in a maintenance window.
 */
class BackupRestoreTest {

    private static final Caller ADMIN2 = new Caller(SlackPlatform.SLACK, "U_ADMIN2", "abe", Set.of());

    @TempDir
    static Path dir;

    private static Shop shop;
    private static ApplicationContext context;
    private static Dispatcher dispatcher;
    private static BackupRecord backup;

    @BeforeAll
    static void start() {
        shop = Shop.create();
        context = shop.start(dir, Map.of());
        dispatcher = context.getBean(Dispatcher.class);
        Outcome o = send(People.OPERATOR, "backup now shop");
        assertInstanceOf(Outcome.Completed.class, o, PlainText.render(o.reply()));
        backup = context.getBean(BackupCatalog.class).list("shop", 1).get(0);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static Outcome send(Caller who, String text) {
        return dispatcher.dispatch(new CommandRequest(who, SlackPlatform.channel("COPS"), text, null));
    }

    private static Outcome approve(Outcome pending, Caller who) {
        return dispatcher.decide(((Outcome.Pending) pending).token(), Decision.APPROVE, who, t -> { });
    }

    private static long rows(String database, String table) throws Exception {
        try (Connection c = Postgres15.get().connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aRestoreWaitsForASecondAdminWhoSeesWhatItOverwritesAndTheRequesterCannotApproveIt() throws Exception {
        String copy = "shop_copy_" + ProcessHandle.current().pid();
        Outcome pending = send(People.ADMIN, "backup restore " + backup.id() + " into=" + copy);
        assertInstanceOf(Outcome.Pending.class, pending, PlainText.render(pending.reply()));
        assertTrue(((Outcome.Pending) pending).approval());
        String asked = PlainText.render(pending.reply());
        assertTrue(asked.contains(BackupMessages.restorePreviewNewDatabase(copy, "shop")), asked);
        assertFalse(Postgres15.get().databases().contains(copy), "nothing happens before the approval");

        Outcome own = approve(pending, People.ADMIN);
        assertInstanceOf(Outcome.Denied.class, own);
        assertFalse(Postgres15.get().databases().contains(copy));
        assertInstanceOf(Outcome.Denied.class, approve(pending, People.OPERATOR), "an operator is not an admin");

        Outcome done = approve(pending, ADMIN2);
        assertInstanceOf(Outcome.Completed.class, done, PlainText.render(done.reply()));
        assertTrue(PlainText.render(done.reply()).contains(BackupMessages.restoredDatabase(copy, "shop", 5, 1245, 0)),
                PlainText.render(done.reply()));
        assertEquals(1200, rows(copy, "orders"));
        assertEquals(5, rows(copy, "audit.events"));

        // again, over the copy that now exists and was changed since: the preview says it is overwritten
        Postgres15.get().execute(copy, "delete from orders where id > 100", "create table extra (id int)");
        Outcome again = send(People.ADMIN, "backup restore " + backup.id() + " into=" + copy);
        String overwrite = PlainText.render(again.reply());
        assertTrue(overwrite.contains("WILL BE OVERWRITTEN") && overwrite.contains("6 tables"), overwrite);
        Outcome redone = approve(again, ADMIN2);
        assertInstanceOf(Outcome.Completed.class, redone, PlainText.render(redone.reply()));
        assertEquals(1200, rows(copy, "orders"));
        assertEquals(0, rows(copy, "extra"), "objects the backup does not have stay");
    }

    @Test
    void theLiveDatabaseIsRefusedWithoutForceAndAMaintenanceWindowThenRestoredInOne() throws Exception {
        Outcome noForce = send(People.ADMIN, "backup restore " + backup.id() + " into=" + shop.database);
        assertInstanceOf(Outcome.Failed.class, noForce, "refused at once, nobody is asked to approve");
        assertEquals(BackupMessages.restoreLiveNeedsForce(shop.database, "shop"), PlainText.render(noForce.reply()).strip());

        Outcome noWindow = send(People.ADMIN, "backup restore " + backup.id() + " into=" + shop.database + " force=true");
        assertInstanceOf(Outcome.Failed.class, noWindow);
        assertEquals(BackupMessages.restoreLiveNeedsWindow(shop.database, "shop"),
                PlainText.render(noWindow.reply()).strip());

        Instant now = context.getBean(Clock.class).instant();
        context.getBean(MaintenanceWindowStore.class).create(new MaintenanceWindowStore.NewWindow("restore drill",
                List.of("shop"), Map.of(), now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofMinutes(30)), "ada",
                "console"), now);
        Postgres15.get().execute(shop.database, "delete from orders where id % 2 = 0");
        assertEquals(600, rows(shop.database, "orders"));

        Outcome pending = send(People.ADMIN, "backup restore " + backup.id() + " into=" + shop.database + " force=true");
        assertInstanceOf(Outcome.Pending.class, pending, PlainText.render(pending.reply()));
        assertTrue(PlainText.render(pending.reply()).contains(BackupMessages.restorePreviewLive(shop.database, "shop")),
                PlainText.render(pending.reply()));
        Outcome done = approve(pending, ADMIN2);
        assertInstanceOf(Outcome.Completed.class, done, PlainText.render(done.reply()));
        assertEquals(1200, rows(shop.database, "orders"));
    }

    @Test
    void aChangedBackupIsRefusedBeforeAnythingIsTouched() throws Exception {
        Outcome o = send(People.OPERATOR, "backup now shop");
        assertInstanceOf(Outcome.Completed.class, o, PlainText.render(o.reply()));
        BackupRecord b = context.getBean(BackupCatalog.class).list("shop", 1).get(0);
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(dir.resolve(b.storageKey()).toFile(), "rw")) {
            f.seek(100);
            int v = f.read();
            f.seek(100);
            f.write(v ^ 1);
        }
        String target = "shop_damaged_" + ProcessHandle.current().pid();
        Outcome pending = send(People.ADMIN, "backup restore " + b.id() + " into=" + target);
        Outcome refused = approve(pending, ADMIN2);
        assertInstanceOf(Outcome.Failed.class, refused);
        assertTrue(PlainText.render(refused.reply()).contains(BackupMessages.restoreChecksum(b.id())),
                PlainText.render(refused.reply()));
        assertFalse(Postgres15.get().databases().contains(target));
    }
}
