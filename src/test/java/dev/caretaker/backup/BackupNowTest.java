package dev.caretaker.backup;

import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.PlainText;
import dev.caretaker.security.Caller;
import dev.caretaker.store.BackupCatalog;
import dev.caretaker.store.BackupRecord;
import dev.caretaker.support.People;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code backup now}, {@code list} and {@code show} through the pipeline, against a real PostgreSQL 15. */
class BackupNowTest {

    private static final ChannelAddress OPS = SlackPlatform.channel("COPS");

    @TempDir
    static Path dir;

    private static ApplicationContext context;
    private static Dispatcher dispatcher;

    @BeforeAll
    static void start() {
        context = Shop.create().start(dir, java.util.Map.of());
        dispatcher = context.getBean(Dispatcher.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static Outcome send(Caller who, String text, List<String> progress) {
        return dispatcher.dispatch(new CommandRequest(who, OPS, text, null, progress::add, false));
    }

    @Test
    void aBackupIsStreamedToStorageWithItsChecksumAndTheRowsOfEveryTableInItsSnapshot() throws Exception {
        List<String> progress = Collections.synchronizedList(new ArrayList<>());
        Outcome o = send(People.OPERATOR, "backup now shop", progress);
        assertInstanceOf(Outcome.Completed.class, o, PlainText.render(o.reply()));

        BackupRecord b = context.getBean(BackupCatalog.class).list("shop", 1).get(0);
        assertEquals(BackupRecord.DONE, b.status());
        assertEquals(Shop.ROWS, b.tableCounts());
        assertEquals("custom", b.format());
        assertTrue(b.serverVersion().startsWith("15."), b.serverVersion());
        assertTrue(b.clientVersion().startsWith("15."), b.clientVersion());
        assertEquals(BackupRecord.POSTGRES, b.kind());
        assertEquals("otto", b.requestedBy());

        Path file = dir.resolve(b.storageKey());
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(b.sizeBytes(), bytes.length);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), b.sha256());
        assertEquals("PGDMP", new String(bytes, 0, 5), "pg_dump's custom format");
        try (var files = Files.walk(dir)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".part")), "no partial file left");
        }

        String text = PlainText.render(o.reply());
        assertTrue(text.contains(BackupMessages.doneHeader("shop", b.id())), text);
        assertTrue(text.contains(b.sha256()), text);
        assertTrue(text.contains("public.orders") && text.contains("1200"), text);
        assertTrue(progress.stream().anyMatch(p -> p.startsWith("Backing up `shop`")), progress.toString());
    }

    @Test
    void listAndShowTellWhatTheCatalogueHolds() {
        send(People.OPERATOR, "backup now shop", new ArrayList<>());
        BackupRecord b = context.getBean(BackupCatalog.class).list("shop", 1).get(0);

        Outcome list = send(People.VIEWER, "backup list shop", new ArrayList<>());
        assertInstanceOf(Outcome.Completed.class, list, PlainText.render(list.reply()));
        String listed = PlainText.render(list.reply());
        assertTrue(listed.contains("#" + b.id()) && listed.contains(BackupMessages.size(b.sizeBytes())), listed);

        Outcome show = send(People.VIEWER, "backup show " + b.id(), new ArrayList<>());
        String shown = PlainText.render(show.reply());
        assertTrue(shown.contains(b.sha256()) && shown.contains("audit.events") && shown.contains(b.storageKey()), shown);

        Outcome missing = send(People.VIEWER, "backup show 999999", new ArrayList<>());
        assertInstanceOf(Outcome.Failed.class, missing);
        assertTrue(PlainText.render(missing.reply()).contains(BackupMessages.backupNotFound(999999)));
    }

    @Test
    void aViewerMayListButNotBackUpAndAnUnknownTargetIsOneSentence() {
        assertInstanceOf(Outcome.Denied.class, send(People.VIEWER, "backup now shop", new ArrayList<>()));
        Outcome unknown = send(People.OPERATOR, "backup now nosuch", new ArrayList<>());
        assertInstanceOf(Outcome.Failed.class, unknown);
        String text = PlainText.render(unknown.reply());
        assertTrue(text.contains(BackupMessages.unknownTarget("nosuch", List.of("caretaker", "shop")))
                || text.contains(BackupMessages.unknownTarget("nosuch", List.of("shop"))), text);
    }
}
