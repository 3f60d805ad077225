package dev.caretaker.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A PostgreSQL 15 server from Debian's package ({@code postgresql-15}), started once per test JVM on 127.0.0.1 and a
 * free port, for the backup tests: its major matches the {@code pg_dump} Debian offers here, which the embedded 17
 * does not. initdb and postgres refuse to run as root, so as root they run as the {@code postgres} user (setpriv,
 * which execs without a supervising process, so stopping the child stops the server). Host connections need the
 * superuser's password ({@link #PASSWORD}); the data directory is removed when the JVM ends.
 */
public final class Postgres15 {

    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    public static final String INSTALL = "apt-get update && apt-get install -y postgresql-15 postgresql-client-15";
    public static final String SUPERUSER = "postgres";
    public static final String PASSWORD = "pg15-test-superuser";

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static Postgres15 server;

    private final Path dir;
    private final int port;
    private final Process process;
    private final boolean root;

    private Postgres15(Path dir, int port, Process process, boolean root) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.root = root;
    }

    /** The one server of this JVM, started on first use; fails with the apt command when the package is missing. */
    public static synchronized Postgres15 get() {
        if (server == null) {
            server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres15-stop"));
        }
        return server;
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The directory of the PostgreSQL 15 client programs ({@code pg_dump}, {@code pg_restore}, {@code psql}). */
    public Path clientDir() {
        return BIN;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A superuser connection to a database of this server. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, PASSWORD);
    }

    /** Creates an empty database with a name no other test uses and answers the name. */
    public String freshDatabase(String prefix) {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        execute("postgres", "create database " + name);
        return name;
    }

    /** Runs statements as the superuser in one database. */
    public void execute(String database, String... statements) {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL 15 test server: " + e.getMessage(), e);
        }
    }

    /** Names of the databases that exist on this server. */
    public List<String> databases() {
        List<String> out = new ArrayList<>();
        try (Connection c = connect("postgres"); Statement st = c.createStatement();
             var rs = st.executeQuery("select datname from pg_database order by 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static Postgres15 start() {
        Path initdb = BIN.resolve("initdb");
        Path postgres = BIN.resolve("postgres");
        if (!Files.isExecutable(initdb) || !Files.isExecutable(postgres) || !Files.isExecutable(BIN.resolve("pg_dump"))) {
            throw new IllegalStateException("The backup tests need PostgreSQL 15 from Debian's package (" + BIN
                    + " is missing); install it with: " + INSTALL);
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "ct-pg15-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path data = dir.resolve("data");
            Path pwfile = dir.resolve("pw");
            Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
            }
            run(asPostgres(root, List.of(initdb.toString(), "-D", data.toString(), "-U", SUPERUSER, "--pwfile=" + pwfile,
                    "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")));
            int port = freePort();
            Process p = new ProcessBuilder(asPostgres(root, List.of(postgres.toString(), "-D", data.toString(),
                    "-p", String.valueOf(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1",
                    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                    "-c", "max_connections=60", "-c", "shared_buffers=64MB")))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
            Postgres15 s = new Postgres15(dir, port, p, root);
            s.awaitReady();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL 15 test server did not start", e);
        }
    }

    private static List<String> asPostgres(boolean root, List<String> argv) {
        if (!root) {
            return argv;
        }
        List<String> out = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups",
                "--"));
        out.addAll(argv);
        return out;
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PostgreSQL 15 test server stopped at start: " + log());
            }
            try (Connection c = connect("postgres")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("PostgreSQL 15 test server did not accept connections: " + log(), last);
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private void stop() {
        // a fast shutdown: sessions that test contexts left open are ended, not waited for (SIGTERM would wait)
        try {
            run(asPostgres(root, List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                    "-m", "fast", "-w", "-t", "20", "stop")));
        } catch (IOException | IllegalStateException e) {
            process.destroy();
        }
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    private static void run(List<String> argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
