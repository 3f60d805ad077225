package dev.caretaker.backup;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.digest.MutableClock;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Decision;
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
import dev.caretaker.support.TestContexts;
import dev.caretaker.support.TestS3;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backup round trip of the local-storage tests, against an S3 server (s3proxy on loopback) through the AWS SDK:
 * a PostgreSQL 15 database backed up, listed, verified by restore table by table, a tampered object caught by its
 * checksum with a critical alert, prune deleting objects and rows together; and a files target whose archive goes up
 * in several parts and comes back byte for byte. Nothing on local disk, and the secret key in no reply or log line.
 */
class S3BackupTest {

    private static final String BUCKET = "caretaker-backups";
    private static final String PREFIX = "prod/";

    @TempDir
    static Path tmp;

    private static TestS3 s3;
    private static final List<String> replies = new ArrayList<>();
    private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void start() {
        s3 = new TestS3();
        s3.bucket(BUCKET);
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterAll
    static void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        s3.close();
        List<String> lines = logs.list.stream().map(e -> e.getFormattedMessage() + " " + (e.getThrowableProxy() == null
                ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("backup #") && l.contains("s3://" + BUCKET)),
                "the log was captured");
        for (String text : Stream.concat(lines.stream(), replies.stream()).toList()) {
            assertFalse(text.contains(TestS3.SECRET_KEY), "the secret key was shown: " + text);
        }
    }

    /** A context whose backups all go to the S3 storage {@code offsite}, with the database {@code shop}. */
    private static ApplicationContext shop(Map<String, Object> more) {
        Map<String, Object> p = new HashMap<>(Shop.create().properties(tmp.resolve("local-unused")));
        p.putAll(s3.storage("offsite", BUCKET, PREFIX));
        p.put("caretaker.backups.storage", "offsite");
        p.putAll(more);
        return TestContexts.start(p);
    }

    private static Outcome send(ApplicationContext c, Caller who, String text) {
        Outcome o = c.getBean(Dispatcher.class).dispatch(new CommandRequest(who, SlackPlatform.channel("COPS"), text,
                null));
        replies.add(PlainText.render(o.reply()));
        return o;
    }

    private static BackupRecord backup(ApplicationContext c, String target) {
        Outcome o = send(c, People.OPERATOR, "backup now " + target);
        assertInstanceOf(Outcome.Completed.class, o, PlainText.render(o.reply()));
        return c.getBean(BackupCatalog.class).list(target, 1).get(0);
    }

    @Test
    void aDatabaseIsBackedUpListedVerifiedAndATamperedObjectIsACriticalAlert() {
        try (ApplicationContext c = shop(Map.of())) {
            BackupRecord b = backup(c, "shop");
            assertEquals("offsite", b.storage());
            assertEquals(Shop.ROWS, b.tableCounts());
            assertTrue(s3.objects(BUCKET).contains(PREFIX + b.storageKey()), s3.objects(BUCKET).toString());
            assertEquals(b.sizeBytes(), s3.read(BUCKET, PREFIX + b.storageKey()).length);
            assertFalse(Files.exists(tmp.resolve("local-unused")), "nothing was written to local disk");

            Outcome list = send(c, People.VIEWER, "backup list shop");
            assertInstanceOf(Outcome.Completed.class, list, PlainText.render(list.reply()));
            assertTrue(PlainText.render(list.reply()).contains("#" + b.id()), PlainText.render(list.reply()));

            Outcome verify = send(c, People.OPERATOR, "backup verify " + b.id());
            String text = PlainText.render(verify.reply());
            assertInstanceOf(Outcome.Completed.class, verify, text);
            assertTrue(text.contains(BackupMessages.verifiedDump(b.id(), "shop", Shop.ROWS.size(),
                    Shop.ROWS.values().stream().mapToLong(Long::longValue).sum())), text);
            BackupVerification v = c.getBean(BackupCatalog.class).verifications(b.id()).get(0);
            assertTrue(v.passed());
            assertEquals(Shop.ROWS.size(), v.tables().size());
            assertTrue(v.tables().stream().allMatch(BackupVerification.TableCheck::matches), v.tables().toString());
            assertFalse(Postgres15.get().databases().contains(Verifier.SCRATCH_PREFIX + b.id()), "scratch dropped");

            // someone changes one byte of the object in the bucket
            byte[] bytes = s3.read(BUCKET, PREFIX + b.storageKey());
            bytes[bytes.length / 2] ^= 0x5a;
            s3.replace(BUCKET, PREFIX + b.storageKey(), bytes);
            Outcome caught = send(c, People.OPERATOR, "backup verify latest shop");
            assertInstanceOf(Outcome.Failed.class, caught);
            assertTrue(PlainText.render(caught.reply()).contains(BackupMessages.verifyChecksum(b.id(), "shop")),
                    PlainText.render(caught.reply()));
            assertEquals(Verifier.CHECKSUM, c.getBean(BackupCatalog.class).verifications(b.id()).get(0).failure());
            AlertRecord alert = c.getBean(AlertStore.class).byProbeFingerprint("shop/" + Verifier.ALERT).orElseThrow();
            assertTrue(alert.open(), alert.state());
            assertEquals("critical", alert.severity());
            assertEquals(BackupMessages.verifyChecksum(b.id(), "shop"), alert.summary());
        }
    }

    @Test
    void pruneDeletesObjectsAndRowsTogetherAndKeepsTheNewestVerified() {
        try (ApplicationContext c = shop(Map.of("caretaker.test.clock", "2025-01-01T00:00:00Z",
                "caretaker.backups.keep", "30d", "caretaker.backups.keep-verified", "1"))) {
            MutableClock clock = c.getBean(MutableClock.class);
            BackupRecord verified = backup(c, "shop");
            Outcome v = send(c, People.OPERATOR, "backup verify " + verified.id());
            assertInstanceOf(Outcome.Completed.class, v, PlainText.render(v.reply()));
            clock.advance(Duration.ofDays(5));
            BackupRecord old = backup(c, "shop");
            clock.advance(Duration.ofDays(40));
            BackupRecord newest = backup(c, "shop");

            Outcome prune = send(c, People.OPERATOR, "backup prune dry-run=false target=shop");
            assertInstanceOf(Outcome.Completed.class, prune, PlainText.render(prune.reply()));
            List<Long> left = c.getBean(BackupCatalog.class).list("shop", 10).stream().map(BackupRecord::id).toList();
            assertEquals(List.of(newest.id(), verified.id()), left,
                    "the only verified backup and the newest stay, however old; the old unverified one goes");
            List<String> objects = s3.objects(BUCKET);
            assertFalse(objects.contains(PREFIX + old.storageKey()), "its object left with its row");
            assertTrue(objects.contains(PREFIX + verified.storageKey()) && objects.contains(PREFIX + newest.storageKey()),
                    objects.toString());
        }
    }

    @Test
    void aFilesTargetGoesUpInPartsAndComesBackByteForByte() throws Exception {
        Path uploads = Files.createDirectories(tmp.resolve("srv/app/uploads"));
        Files.createDirectories(uploads.resolve("Bücher und Ärger"));
        Files.writeString(uploads.resolve("Bücher und Ärger/größe ü.txt"), "ünïcödé content\n", StandardCharsets.UTF_8);
        Files.writeString(uploads.resolve("invoice 2025-01.pdf"), "%PDF pretend", StandardCharsets.UTF_8);
        // incompressible, so the archive is over two parts of 5 MiB
        byte[] big = new byte[12 * 1024 * 1024];
        new Random(13).nextBytes(big);
        Files.write(uploads.resolve("Bücher und Ärger/scan 1.bin"), big);
        Map<String, Object> p = new HashMap<>(s3.storage("offsite", BUCKET, PREFIX));
        p.put("caretaker.backups.storages.offsite.part-size", String.valueOf(BackupConfig.MIN_PART_SIZE));
        p.put("caretaker.backups.storage", "offsite");
        p.put("caretaker.targets.uploads.type", "files");
        p.put("caretaker.targets.uploads.paths", List.of(uploads.toString()));
        p.put("caretaker.probes.enabled", "false");
        try (ApplicationContext c = TestContexts.start(p)) {
            BackupRecord b = backup(c, "uploads");
            assertEquals(3L, b.fileCount());
            assertTrue(b.sizeBytes() > 2L * BackupConfig.MIN_PART_SIZE, "three parts: " + b.sizeBytes());
            assertEquals(b.sizeBytes(), s3.read(BUCKET, PREFIX + b.storageKey()).length);
            assertEquals(List.of(), s3.partsInProgress(BUCKET), "the multipart upload was completed");

            Outcome verify = send(c, People.OPERATOR, "backup verify " + b.id());
            assertInstanceOf(Outcome.Completed.class, verify, PlainText.render(verify.reply()));
            assertTrue(PlainText.render(verify.reply()).contains(BackupMessages.verifiedArchive(b.id(), "uploads", 3,
                    big.length + "%PDF pretend".length() + "ünïcödé content\n".getBytes(StandardCharsets.UTF_8).length)),
                    PlainText.render(verify.reply()));

            Path into = tmp.resolve("restored");
            Outcome pending = send(c, People.ADMIN, "backup restore " + b.id() + " into=" + into);
            assertInstanceOf(Outcome.Pending.class, pending, PlainText.render(pending.reply()));
            Outcome restored = c.getBean(Dispatcher.class).decide(((Outcome.Pending) pending).token(), Decision.APPROVE,
                    new Caller(SlackPlatform.SLACK, "U_ADMIN2", "abe", Set.of()), t -> { });
            assertInstanceOf(Outcome.Completed.class, restored, PlainText.render(restored.reply()));
            Map<String, byte[]> before = tree(uploads);
            Map<String, byte[]> after = tree(into.resolve(FilesArchiver.name(uploads)));
            assertEquals(before.keySet(), after.keySet());
            for (String k : before.keySet()) {
                assertArrayEquals(before.get(k), after.get(k), k);
            }
        }
    }

    @Test
    void aBucketThatRefusesTheKeysFailsTheBackupInOneSentenceAndKeepsNothing() {
        try (ApplicationContext c = shop(Map.of("caretaker.backups.storages.offsite.secret-access-key", "wrong"))) {
            Outcome o = send(c, People.OPERATOR, "backup now shop");
            assertInstanceOf(Outcome.Failed.class, o);
            String text = PlainText.render(o.reply()).strip();
            assertEquals(BackupMessages.storageWriteFailed("shop", new java.io.IOException(
                    S3Messages.accessDenied("S3 bucket " + BUCKET + " at 127.0.0.1"))), text);
            BackupRecord failed = c.getBean(BackupCatalog.class).list("shop", 1).get(0);
            assertEquals(BackupRecord.FAILED, failed.status());
            assertFalse(s3.objects(BUCKET).contains(PREFIX + failed.storageKey()));
        }
    }

    private static Map<String, byte[]> tree(Path root) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path f : walk.toList()) {
                String rel = root.relativize(f).toString();
                out.put(Files.isDirectory(f) ? rel + "/" : rel, Files.isRegularFile(f) ? Files.readAllBytes(f) : new byte[0]);
            }
        }
        return out;
    }
}
