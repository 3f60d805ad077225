package dev.caretaker;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Caretaker that bundled PostgreSQL 14 left a data directory behind; the one that bundles 17 must neither
 * open it nor make a new empty cluster over it, and must say how to upgrade it.
 */
class EmbeddedPostgresUpgradeTest {

    /** zonky's PostgreSQL 14.22 binaries for Linux amd64, copied beside the build by the pom (never on the classpath). */
    private static final Path OLD_BINARIES = Path.of("target", "old-postgres", "postgres-14-linux-amd64.jar");
    private static final PgBinaryResolver POSTGRES_14 = (system, arch) -> postgres14Archive();

    @TempDir
    Path tmp;

    @AfterEach
    void clear() {
        System.clearProperty("caretaker.embedded-postgres.data-dir");
        System.clearProperty("caretaker.commands-dir");
    }

    @Test
    void aPostgres14DataDirectoryStopsTheStartWithTheUpgradeCommandsAndKeepsEveryRow() throws Exception {
        Path data = tmp.resolve("data").resolve("postgres");
        try (EmbeddedPostgres old = postgres14(data); Connection c = old.getPostgresDatabase().getConnection();
             Statement st = c.createStatement()) {
            assertEquals("14", scalar(st, "select current_setting('server_version_num')::int / 10000"));
            st.execute("create table kept (id int primary key, note text)");
            st.execute("insert into kept values (1, 'first'), (2, 'second'), (3, 'third')");
        }
        Map<String, String> before = fingerprint(data);

        System.setProperty("caretaker.embedded-postgres.data-dir", data.toString());
        System.setProperty("caretaker.commands-dir", tmp.resolve("no-commands").toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Application.launch(new String[] {"run", "status"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(3, code, out);
        assertTrue(out.startsWith("Caretaker could not start: The embedded database in " + data + " was created by "
                + "PostgreSQL 14 and this Caretaker runs PostgreSQL 17, so it left the directory untouched; "), out);
        assertTrue(out.contains("`cd " + data.getParent() + " && mv postgres postgres-14 && /usr/lib/postgresql/17/bin/"
                + "initdb -D postgres -U postgres -A trust -E UTF-8 && /usr/lib/postgresql/17/bin/pg_upgrade -b "
                + "/usr/lib/postgresql/14/bin -B /usr/lib/postgresql/17/bin -d postgres-14 -D postgres -U postgres`"), out);
        assertEquals(1, out.strip().lines().count(), "one sentence, no stack trace: " + out);

        assertEquals(before, fingerprint(data), "not one file of the old cluster was changed, added or removed");
        try (EmbeddedPostgres old = postgres14(data); Connection c = old.getPostgresDatabase().getConnection();
             Statement st = c.createStatement()) {
            assertEquals("1 first,2 second,3 third",
                    scalar(st, "select string_agg(id || ' ' || note, ',' order by id) from kept"));
        }
    }

    private static EmbeddedPostgres postgres14(Path data) throws IOException {
        return EmbeddedPostgres.builder().setPgBinaryResolver(POSTGRES_14).setDataDirectory(data)
                .setCleanDataDirectory(false).setServerConfig("listen_addresses", "127.0.0.1").start();
    }

    private static InputStream postgres14Archive() throws IOException {
        if (!Files.isRegularFile(OLD_BINARIES)) {
            throw new IllegalStateException(OLD_BINARIES + " is missing: Maven's generate-test-resources phase copies it");
        }
        try (ZipFile jar = new ZipFile(OLD_BINARIES.toFile());
             InputStream in = jar.getInputStream(jar.getEntry("postgres-linux-x86_64.txz"))) {
            return new ByteArrayInputStream(in.readAllBytes());
        }
    }

    private static String scalar(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Every file under the directory with the SHA-256 of its bytes. */
    private static Map<String, String> fingerprint(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = new ArrayList<>(walk.filter(Files::isRegularFile).toList());
        }
        for (Path p : paths) {
            files.put(dir.relativize(p).toString(), sha256(p));
        }
        return files;
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
