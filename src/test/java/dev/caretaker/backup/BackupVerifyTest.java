package dev.caretaker.backup;

import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.PlainText;
import dev.caretaker.security.Caller;
import dev.caretaker.store.AlertRecord;
import dev.caretaker.store.AlertStore;
import dev.caretaker.store.BackupCatalog;
import dev.caretaker.store.BackupRecord;
import dev.caretaker.store.BackupVerification;
import dev.caretaker.support.People;
import dev.caretaker.support.Postgres15;
import dev.caretaker.support.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code backup verify}: restored into a scratch database on the PostgreSQL 15 server and compared table by table; a
 * file changed after the backup is caught by its checksum and raises a critical alert that the next good verification
 * resolves.
 */
class BackupVerifyTest {

    @TempDir
    static Path dir;

    private static ApplicationContext context;
    private static Dispatcher dispatcher;
    private static BackupCatalog catalog;

    @BeforeAll
    static void start() {
        context = Shop.create().start(dir, Map.of());
        dispatcher = context.getBean(Dispatcher.class);
        catalog = context.getBean(BackupCatalog.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static Outcome send(Caller who, String text) {
        return dispatcher.dispatch(new CommandRequest(who, SlackPlatform.channel("COPS"), text, null));
    }

    private static BackupRecord backup() {
        Outcome o = send(People.OPERATOR, "backup now shop");
        assertInstanceOf(Outcome.Completed.class, o, PlainText.render(o.reply()));
        return catalog.list("shop", 1).get(0);
    }

    private static AlertRecord alert() {
        return context.getBean(AlertStore.class).byProbeFingerprint("shop/" + Verifier.ALERT).orElseThrow();
    }

    @Test
    void aBackupIsRestoredIntoAScratchDatabaseAndItsRowsMatchTableByTable() {
        BackupRecord b = backup();
        Outcome o = send(People.OPERATOR, "backup verify " + b.id());
        String text = PlainText.render(o.reply());
        assertInstanceOf(Outcome.Completed.class, o, text);
        assertTrue(text.contains(BackupMessages.verifiedDump(b.id(), "shop", Shop.ROWS.size(),
                Shop.ROWS.values().stream().mapToLong(Long::longValue).sum())), text);
        assertTrue(text.contains("public.orders") && text.contains("1200"), text);

        List<BackupVerification> vs = catalog.verifications(b.id());
        assertEquals(1, vs.size());
        assertTrue(vs.get(0).passed());
        assertEquals(Shop.ROWS.size(), vs.get(0).tables().size());
        assertTrue(vs.get(0).tables().stream().allMatch(BackupVerification.TableCheck::matches));
        assertTrue(catalog.byId(b.id()).orElseThrow().verified());
        assertFalse(Postgres15.get().databases().contains(Verifier.SCRATCH_PREFIX + b.id()), "scratch database dropped");
    }

    @Test
    void aFileChangedAfterTheBackupIsCaughtByItsChecksumAndRaisesACriticalAlertUntilAGoodVerification()
            throws Exception {
        BackupRecord b = backup();
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(b.storageKey()).toFile(), "rw")) {
            f.seek(f.length() / 2);
            int old = f.read();
            f.seek(f.length() / 2);
            f.write(old ^ 0x5a);
        }
        Outcome o = send(People.OPERATOR, "backup verify latest shop");
        assertInstanceOf(Outcome.Failed.class, o);
        assertTrue(PlainText.render(o.reply()).contains(BackupMessages.verifyChecksum(b.id(), "shop")),
                PlainText.render(o.reply()));
        BackupVerification v = catalog.verifications(b.id()).get(0);
        assertEquals(Verifier.CHECKSUM, v.failure());
        assertEquals(BackupRecord.FAILED, catalog.byId(b.id()).orElseThrow().verifyStatus());

        AlertRecord alert = alert();
        assertTrue(alert.open(), alert.state());
        assertEquals("critical", alert.severity());
        assertEquals(BackupMessages.verifyChecksum(b.id(), "shop"), alert.summary());
        assertFalse(Postgres15.get().databases().contains(Verifier.SCRATCH_PREFIX + b.id()), "scratch database dropped");

        BackupRecord good = backup();
        Outcome ok = send(People.OPERATOR, "backup verify " + good.id());
        assertInstanceOf(Outcome.Completed.class, ok, PlainText.render(ok.reply()));
        assertEquals(AlertRecord.RESOLVED, alert().state());
    }

    @Test
    void rowCountsThatDoNotMatchTheCatalogueFailTheVerification() throws Exception {
        BackupRecord b = backup();
        try (Connection c = TestDatabase.connect(context); PreparedStatement ps = c.prepareStatement(
                "update backups set table_counts = jsonb_set(table_counts, '{public.orders}', '1201') where id = ?")) {
            ps.setLong(1, b.id());
            ps.executeUpdate();
        }
        Outcome o = send(People.OPERATOR, "backup verify " + b.id());
        assertInstanceOf(Outcome.Failed.class, o);
        String text = PlainText.render(o.reply());
        assertTrue(text.contains(BackupMessages.verifyCounts(b.id(), "shop", 1, Shop.ROWS.size())), text);
        assertTrue(text.contains(BackupMessages.MISMATCH), text);
        assertEquals(Verifier.COUNTS, catalog.verifications(b.id()).get(0).failure());
        assertTrue(alert().open());
    }

    @Test
    void plainFormatBackupsAreGzippedSqlAndVerifyToo() {
        try (ApplicationContext plain = Shop.create().start(dir.resolve("plain"), Map.of(
                "caretaker.backups.format", "plain"))) {
            Dispatcher d = plain.getBean(Dispatcher.class);
            Outcome now = d.dispatch(new CommandRequest(People.OPERATOR, SlackPlatform.channel("COPS"), "backup now shop",
                    null));
            assertInstanceOf(Outcome.Completed.class, now, PlainText.render(now.reply()));
            BackupRecord b = plain.getBean(BackupCatalog.class).list("shop", 1).get(0);
            assertEquals("plain-gzip", b.format());
            assertTrue(b.storageKey().endsWith(".sql.gz"), b.storageKey());
            Outcome v = d.dispatch(new CommandRequest(People.OPERATOR, SlackPlatform.channel("COPS"),
                    "backup verify " + b.id(), null));
            assertInstanceOf(Outcome.Completed.class, v, PlainText.render(v.reply()));
        }
    }
}
