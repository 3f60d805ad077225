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
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A files target: two directories archived as one streamed tar.gz, catalogued with its file count, verified by a full
 * read, and extracted again byte for byte, names with spaces and non-ASCII characters included.
 */
class FilesBackupTest {

    @TempDir
    static Path tmp;

    private static ApplicationContext context;
    private static Path uploads;
    private static Path config;

    @BeforeAll
    static void start() throws Exception {
        uploads = Files.createDirectories(tmp.resolve("srv/app/uploads"));
        config = Files.createDirectories(tmp.resolve("etc/app"));
        Files.writeString(uploads.resolve("invoice 2025-01.pdf"), "%PDF pretend", StandardCharsets.UTF_8);
        Files.createDirectories(uploads.resolve("Bücher und Ärger"));
        Files.writeString(uploads.resolve("Bücher und Ärger/größe ü.txt"), "ünïcödé content\n", StandardCharsets.UTF_8);
        byte[] big = new byte[300_000];
        new java.util.Random(7).nextBytes(big);
        Files.write(uploads.resolve("Bücher und Ärger/random.bin"), big);
        Files.createDirectories(uploads.resolve("empty dir"));
        Files.createSymbolicLink(uploads.resolve("latest"), Path.of("invoice 2025-01.pdf"));
        Files.writeString(config.resolve("app.yml"), "name: app\n", StandardCharsets.UTF_8);
        context = TestContexts.start(Map.of(
                "caretaker.targets.uploads.type", "files",
                "caretaker.targets.uploads.paths", java.util.List.of(uploads.toString(), config.toString()),
                "caretaker.backups.storages.local.type", "local",
                "caretaker.backups.storages.local.path", tmp.resolve("backups").toString(),
                "caretaker.probes.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static Outcome send(String text) {
        return context.getBean(Dispatcher.class).dispatch(new CommandRequest(People.OPERATOR,
                SlackPlatform.channel("COPS"), text, null));
    }

    private static Map<String, byte[]> tree(Path root) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.put(rel + " -> ", Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8));
                } else if (Files.isRegularFile(p)) {
                    out.put(rel, Files.readAllBytes(p));
                } else if (Files.isDirectory(p)) {
                    out.put(rel + "/", new byte[0]);
                }
            }
        }
        return out;
    }

    @Test
    void aDirectoryTreeRoundTripsThroughATarGzWithItsCountSizeAndChecksum() throws Exception {
        Outcome now = send("backup now uploads");
        assertInstanceOf(Outcome.Completed.class, now, PlainText.render(now.reply()));
        BackupRecord b = context.getBean(BackupCatalog.class).list("uploads", 1).get(0);
        assertEquals(BackupRecord.FILES, b.kind());
        assertEquals("tar-gzip", b.format());
        assertEquals(4L, b.fileCount());
        assertTrue(b.storageKey().endsWith(".tar.gz"), b.storageKey());
        assertTrue(PlainText.render(now.reply()).contains("Files"), PlainText.render(now.reply()));

        Outcome verify = send("backup verify " + b.id());
        assertInstanceOf(Outcome.Completed.class, verify, PlainText.render(verify.reply()));
        assertTrue(PlainText.render(verify.reply()).contains(BackupMessages.verifiedArchive(b.id(), "uploads", 4,
                300_000 + "%PDF pretend".length() + "ünïcödé content\n".getBytes(StandardCharsets.UTF_8).length
                        + "name: app\n".length())), PlainText.render(verify.reply()));

        Path into = tmp.resolve("restored");
        Dispatcher d = context.getBean(Dispatcher.class);
        Outcome pending = d.dispatch(new CommandRequest(People.ADMIN, SlackPlatform.channel("COPS"),
                "backup restore " + b.id() + " into=" + into, null));
        assertInstanceOf(Outcome.Pending.class, pending, PlainText.render(pending.reply()));
        assertTrue(PlainText.render(pending.reply()).contains(BackupMessages.restorePreviewNewDirectory(into.toString())),
                PlainText.render(pending.reply()));
        Outcome restored = d.decide(((Outcome.Pending) pending).token(), Decision.APPROVE,
                new Caller(SlackPlatform.SLACK, "U_ADMIN2", "abe", Set.of()), t -> { });
        assertInstanceOf(Outcome.Completed.class, restored, PlainText.render(restored.reply()));
        assertTrue(PlainText.render(restored.reply()).contains("Extracted 4 files"), PlainText.render(restored.reply()));
        Path restoredUploads = into.resolve(FilesArchiver.name(uploads));
        Path restoredConfig = into.resolve(FilesArchiver.name(config));
        Map<String, byte[]> before = tree(uploads);
        Map<String, byte[]> after = tree(restoredUploads);
        assertEquals(before.keySet(), after.keySet());
        for (String k : before.keySet()) {
            assertArrayEquals(before.get(k), after.get(k), k);
        }
        assertEquals("name: app\n", Files.readString(restoredConfig.resolve("app.yml")));
        assertTrue(Files.isRegularFile(restoredUploads.resolve("Bücher und Ärger/größe ü.txt")));
    }

    @Test
    void aRestoreIntoANonEmptyDirectoryNeedsForceAndUnderTheRootIsLive() throws Exception {
        Outcome now = send("backup now uploads");
        BackupRecord b = context.getBean(BackupCatalog.class).list("uploads", 1).get(0);
        Dispatcher d = context.getBean(Dispatcher.class);
        Outcome full = d.dispatch(new CommandRequest(People.ADMIN, SlackPlatform.channel("COPS"),
                "backup restore " + b.id() + " into=" + uploads, null));
        assertInstanceOf(Outcome.Failed.class, full, PlainText.render(full.reply()));
        assertEquals(BackupMessages.restoreDirectoryNotEmpty(uploads.toString()), PlainText.render(full.reply()).strip());
        Outcome live = d.dispatch(new CommandRequest(People.ADMIN, SlackPlatform.channel("COPS"),
                "backup restore " + b.id() + " into=/ force=true", null));
        assertInstanceOf(Outcome.Failed.class, live, PlainText.render(live.reply()));
        assertEquals(BackupMessages.restoreLiveNeedsWindow("/", "uploads"), PlainText.render(live.reply()).strip());
        Outcome relative = d.dispatch(new CommandRequest(People.ADMIN, SlackPlatform.channel("COPS"),
                "backup restore " + b.id() + " into=restore-here", null));
        assertEquals(BackupMessages.restoreNotAbsolute("restore-here"), PlainText.render(relative.reply()).strip());
    }

    @Test
    void aChangedArchiveFailsItsChecksum() throws Exception {
        Outcome now = send("backup now uploads");
        assertInstanceOf(Outcome.Completed.class, now, PlainText.render(now.reply()));
        BackupRecord b = context.getBean(BackupCatalog.class).list("uploads", 1).get(0);
        Path file = tmp.resolve("backups").resolve(b.storageKey());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 3] ^= 0x01;
        Files.write(file, bytes);
        Outcome verify = send("backup verify " + b.id());
        assertInstanceOf(Outcome.Failed.class, verify);
        assertTrue(PlainText.render(verify.reply()).contains(BackupMessages.verifyChecksum(b.id(), "uploads")),
                PlainText.render(verify.reply()));
    }

    @Test
    void aMissingDirectoryIsOneSentenceAndNothingIsCatalogued() {
        try (ApplicationContext c = TestContexts.start(Map.of(
                "caretaker.targets.gone.type", "files",
                "caretaker.targets.gone.paths", tmp.resolve("no/such/dir").toString(),
                "caretaker.probes.enabled", "false"))) {
            Outcome o = c.getBean(Dispatcher.class).dispatch(new CommandRequest(People.OPERATOR,
                    SlackPlatform.channel("COPS"), "backup now gone", null));
            assertInstanceOf(Outcome.Failed.class, o);
            assertEquals(BackupMessages.filesPathMissing("gone", tmp.resolve("no/such/dir").toString()),
                    PlainText.render(o.reply()).strip());
            assertTrue(c.getBean(BackupCatalog.class).list("gone", 5).isEmpty());
        }
    }
}
