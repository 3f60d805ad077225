package dev.caretaker.backup;

import dev.caretaker.chat.discord.DiscordPlatform;
import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.config.Platforms;
import dev.caretaker.support.TestS3;
import dev.caretaker.target.Targets;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The S3-compatible storage against s3proxy on loopback: multipart streaming with one part in memory, nothing
 * visible before the commit, nothing left by an abort, reads, deletes, and a service's refusals as one phrase that
 * never holds the secret key. Also the {@code type: s3} settings' sentences.
 */
class S3StorageTest {

    private static final int PART = BackupConfig.MIN_PART_SIZE;
    private static TestS3 s3;
    private static String bucket;

    @BeforeAll
    static void start() {
        s3 = new TestS3();
        bucket = s3.bucket("storage-test");
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    private static StorageSpec.S3 spec(String bucket, String endpoint, String secret) {
        return new StorageSpec.S3("offsite", bucket, "caretaker/", Optional.of(URI.create(endpoint)), "us-east-1", true,
                Optional.of(TestS3.ACCESS_KEY), Optional.of(secret), PART);
    }

    private static S3Storage storage() {
        return new S3Storage(spec(bucket, s3.endpoint(), TestS3.SECRET_KEY));
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void write(OutputStream out, byte[] bytes) throws IOException {
        // as a dump arrives: in pipe-sized pieces
        for (int off = 0; off < bytes.length; off += 65_536) {
            out.write(bytes, off, Math.min(65_536, bytes.length - off));
        }
    }

    @Test
    void aLargeObjectGoesUpInPartsAndAppearsOnlyWhenCommitted() throws Exception {
        byte[] data = random(2 * PART + 123_457, 1);
        try (S3Storage storage = storage(); Storage.Upload upload = storage.create("shop/2025/01/big.dump")) {
            write(upload.stream(), data);
            assertFalse(storage.exists("shop/2025/01/big.dump"), "two parts are up, but no object before the commit");
            assertEquals(List.of(), s3.objects(bucket).stream().filter(n -> n.contains("big.dump")).toList());
            assertEquals(2, s3.partsInProgress(bucket).stream().filter(n -> n.matches(".*big\\.dump-\\d+")).count(),
                    "one part in memory at a time: the first two went up as they filled");
            upload.commit();
            assertEquals(List.of(), s3.partsInProgress(bucket));
            assertTrue(storage.exists("shop/2025/01/big.dump"));
            assertArrayEquals(data, s3.read(bucket, "caretaker/shop/2025/01/big.dump"), "stored under the prefix");
            try (InputStream in = storage.open("shop/2025/01/big.dump")) {
                assertArrayEquals(data, in.readAllBytes());
            }
        }
    }

    @Test
    void anAbortedUploadLeavesNoObjectAndTheKeyCanBeWrittenAgain() throws Exception {
        try (S3Storage storage = storage()) {
            try (Storage.Upload upload = storage.create("shop/aborted.dump")) {
                write(upload.stream(), random(PART + 10, 2));
                // closed without a commit, as a failed backup does
            }
            assertFalse(storage.exists("shop/aborted.dump"));
            assertEquals(List.of(), s3.objects(bucket).stream().filter(n -> n.contains("aborted")).toList());
            assertEquals(List.of(), s3.partsInProgress(bucket), "the abort removed the part that was up");
            assertThrows(FileNotFoundException.class, () -> storage.open("shop/aborted.dump"));

            byte[] again = random(1000, 3);
            try (Storage.Upload upload = storage.create("shop/aborted.dump")) {
                write(upload.stream(), again);
                upload.commit();
            }
            assertArrayEquals(again, s3.read(bucket, "caretaker/shop/aborted.dump"));
        }
    }

    @Test
    void aSmallObjectIsOnePutAndDeletesAreIdempotent() throws Exception {
        byte[] data = random(4096, 4);
        try (S3Storage storage = storage()) {
            try (Storage.Upload upload = storage.create("small/one.dump")) {
                upload.stream().write(data[0]);
                write(upload.stream(), Arrays.copyOfRange(data, 1, data.length));
                upload.stream().close(); // the writer closing its stream neither commits nor aborts
                upload.commit();
            }
            try (InputStream in = storage.open("small/one.dump")) {
                assertArrayEquals(data, in.readAllBytes());
            }
            storage.delete("small/one.dump");
            assertFalse(storage.exists("small/one.dump"));
            storage.delete("small/one.dump");
            assertTrue(storage.describe().startsWith("s3://storage-test/caretaker/ at 127.0.0.1"), storage.describe());
        }
    }

    @Test
    void refusedKeysAMissingBucketAndNoServiceAreOnePhraseEachWithoutTheSecret() throws Exception {
        try (S3Storage wrong = new S3Storage(spec(bucket, s3.endpoint(), "not-the-secret"));
             Storage.Upload upload = wrong.create("x.dump")) {
            write(upload.stream(), random(100, 5));
            IOException e = assertThrows(IOException.class, upload::commit);
            assertEquals(S3Messages.accessDenied("S3 bucket storage-test at 127.0.0.1"), e.getMessage());
        }
        try (S3Storage missing = new S3Storage(spec("no-such-bucket", s3.endpoint(), TestS3.SECRET_KEY));
             Storage.Upload upload = missing.create("x.dump")) {
            write(upload.stream(), random(100, 6));
            IOException e = assertThrows(IOException.class, upload::commit);
            assertEquals(S3Messages.noSuchBucket("S3 bucket no-such-bucket at 127.0.0.1"), e.getMessage());
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (S3Storage down = new S3Storage(spec(bucket, "http://127.0.0.1:" + closed, TestS3.SECRET_KEY))) {
            IOException e = assertThrows(IOException.class, () -> down.exists("x.dump"));
            assertEquals(S3Messages.unreachable("S3 bucket storage-test at 127.0.0.1"), e.getMessage());
        }
        StorageSpec.S3 spec = spec(bucket, s3.endpoint(), TestS3.SECRET_KEY);
        try (S3Storage storage = new S3Storage(spec)) {
            for (String shown : List.of(spec.toString(), storage.toString(), storage.describe())) {
                assertFalse(shown.contains(TestS3.SECRET_KEY) || shown.contains(TestS3.ACCESS_KEY), shown);
            }
        }
    }

    @Test
    void s3SettingsAreCheckedWithOneSentenceEach() {
        Platforms platforms = new Platforms(List.of(SlackPlatform.SPEC, DiscordPlatform.SPEC));
        Targets none = new Targets(List.of(), List.of());
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new BackupConfig(Map.of(
                "storages.a.type", "s3",
                "storages.b.type", "s3", "storages.b.bucket", "x", "storages.b.access-key-id", "AKIA",
                "storages.c.type", "s3", "storages.c.bucket", "x", "storages.c.endpoint", "minio:9000",
                "storages.c.part-size", "1048576"), none, platforms));
        assertEquals(String.join(" ",
                BackupMessages.configS3NeedsBucket("caretaker.backups.storages.a.bucket"),
                BackupMessages.configS3KeysTogether("caretaker.backups.storages.b"),
                BackupMessages.configNotUrl("caretaker.backups.storages.c.endpoint"),
                BackupMessages.configTooSmall("caretaker.backups.storages.c.part-size", PART)), e.getMessage());
        assertFalse(e.getMessage().contains("AKIA"), "a key is never repeated");

        BackupConfig ok = new BackupConfig(Map.of("storage", "r2", "storages.r2.type", "s3",
                "storages.r2.bucket", "backups", "storages.r2.endpoint", "https://acct.r2.cloudflarestorage.com"),
                none, platforms);
        StorageSpec.S3 r2 = (StorageSpec.S3) ok.storages().get("r2");
        assertEquals("auto", r2.region(), "an endpoint without a region: R2's auto");
        assertTrue(r2.pathStyle(), "path-style by default with an endpoint");
        assertTrue(r2.accessKeyId().isEmpty(), "no keys: the SDK's default chain");
        assertEquals(BackupConfig.DEFAULT_PART_SIZE, r2.partSize());
    }
}
