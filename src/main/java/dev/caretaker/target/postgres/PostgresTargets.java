package dev.caretaker.target.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.caretaker.target.TargetSpec;
import dev.caretaker.target.Targets;
import io.micronaut.context.BeanProvider;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The clients of the postgres targets ({@link Targets} of type {@code postgres}), each created on first use with a
 * small pool of its own; the bot's own database uses the bot's pool.
 */
@Singleton
public final class PostgresTargets implements AutoCloseable {

    private final Map<String, PostgresSettings> settings;
    private final Supplier<DataSource> botDatabase;
    private final Clock clock;
    private final TaskScheduler scheduler;
    private final Map<String, PostgresClient> clients = new ConcurrentHashMap<>();
    private final List<HikariDataSource> pools = Collections.synchronizedList(new ArrayList<>());

    @Inject
    PostgresTargets(Targets targets, BeanProvider<DataSource> botDatabase, Clock clock,
                    @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this(targets, botDatabase.isPresent() ? (Supplier<DataSource>) botDatabase::get : null, clock, scheduler);
    }

    /**
     * @param targets     the catalogue, whose postgres targets were checked by {@link PostgresTargetType}
     * @param botDatabase the bot's own database, or null when it has none
     */
    public PostgresTargets(Targets targets, Supplier<DataSource> botDatabase, Clock clock, TaskScheduler scheduler) {
        this.botDatabase = botDatabase;
        this.clock = clock;
        this.scheduler = scheduler;
        Map<String, PostgresSettings> s = new LinkedHashMap<>();
        for (TargetSpec spec : targets.ofType(PostgresTargetType.TYPE)) {
            s.put(spec.name(), PostgresSettings.from(spec));
        }
        this.settings = Collections.unmodifiableMap(s);
    }

    /** The postgres targets' names. */
    public Set<String> names() {
        return new TreeSet<>(settings.keySet());
    }

    /** The only postgres target, when there is exactly one. */
    public Optional<String> only() {
        return settings.size() == 1 ? Optional.of(settings.keySet().iterator().next()) : Optional.empty();
    }

    /** The client of a postgres target; empty when no postgres target has that name. */
    public Optional<PostgresClient> client(String name) {
        PostgresSettings s = settings.get(name);
        if (s == null) {
            return Optional.empty();
        }
        return Optional.of(clients.computeIfAbsent(name, n -> new PostgresClient(n, dataSource(n, s), s, clock, scheduler)));
    }

    /** Every postgres target's client, by name. */
    public List<PostgresClient> all() {
        List<PostgresClient> out = new ArrayList<>();
        for (String name : names()) {
            client(name).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The pool behind the bot's own DataSource bean: Micronaut makes that bean transaction-aware (its connections
     * only work inside the store's transactions), while a target is queried on plain pooled connections.
     */
    private static DataSource ownPool(DataSource bean) {
        try {
            return bean.isWrapperFor(HikariDataSource.class) ? bean.unwrap(HikariDataSource.class) : bean;
        } catch (java.sql.SQLException e) {
            return bean;
        }
    }

    private DataSource dataSource(String name, PostgresSettings s) {
        if (s.ownDatabase()) {
            return ownPool(botDatabase.get());
        }
        HikariConfig h = new HikariConfig();
        h.setPoolName("caretaker-target-" + name);
        h.setJdbcUrl(s.url().orElseThrow());
        s.username().ifPresent(h::setUsername);
        s.password().ifPresent(h::setPassword);
        h.setMaximumPoolSize(s.maxConnections());
        h.setMinimumIdle(0);
        h.setIdleTimeout(60_000);
        long connectMs = Math.max(1000, s.connectTimeout().toMillis());
        h.setConnectionTimeout(connectMs);
        h.setValidationTimeout(Math.max(250, connectMs / 2));
        // a target that is down at boot must not stop the bot; it becomes a one-sentence error on use
        h.setInitializationFailTimeout(-1);
        h.addDataSourceProperty("ApplicationName", PostgresClient.APPLICATION_NAME);
        h.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, connectMs / 1000)));
        h.addDataSourceProperty("loginTimeout", String.valueOf(Math.max(1, connectMs / 1000)));
        h.addDataSourceProperty("tcpKeepAlive", "true");
        HikariDataSource ds = new HikariDataSource(h);
        pools.add(ds);
        return ds;
    }

    @PreDestroy
    @Override
    public void close() {
        synchronized (pools) {
            pools.forEach(HikariDataSource::close);
            pools.clear();
        }
    }

    @Override
    public String toString() {
        return "PostgresTargets" + names();
    }
}
