package dev.caretaker.target;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.caretaker.command.TargetCatalog;
import dev.caretaker.reply.Messages;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresSettings;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.value.PropertyResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The targets named under {@code caretaker.targets.<name>} ({@code type} plus its settings). When no
 * {@code postgres} target is configured, the bot's own database is the postgres target {@value #OWN_DATABASE},
 * so {@code db status} works on the embedded default. Clients are created on first use.
 */
@Singleton
public final class Targets implements TargetCatalog, AutoCloseable {

    /** The name of the bot's own database when it is the implicit postgres target. */
    public static final String OWN_DATABASE = "caretaker";
    public static final List<String> TYPES = List.of("postgres", "redis", "http", "tcp", "tls", "disk", "prometheus",
            "queue");

    private static final String PREFIX = "caretaker.targets";
    /** Settings that are lists (retention rules, queue names); they come back flattened unless asked for whole. */
    private static final List<String> LIST_SETTINGS = List.of("retention", "queues");

    private final Map<String, TargetSpec> specs;
    private final Map<String, PostgresSettings> postgresSettings;
    private final Supplier<DataSource> botDatabase;
    private final Clock clock;
    private final TaskScheduler scheduler;
    private final Map<String, PostgresClient> postgres = new ConcurrentHashMap<>();
    private final List<HikariDataSource> pools = Collections.synchronizedList(new ArrayList<>());

    @Inject
    public Targets(PropertyResolver config, BeanProvider<DataSource> botDatabase, Clock clock,
                   @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler, List<TargetType> types) {
        this(read(config), botDatabase.isPresent() ? botDatabase::get : null, clock, scheduler, types);
    }

    /**
     * @param botDatabase the bot's own database, or null when it has none
     * @throws ConfigurationException with one sentence per target that cannot work
     */
    public Targets(Collection<TargetSpec> configured, Supplier<DataSource> botDatabase, Clock clock,
                   TaskScheduler scheduler) {
        this(configured, botDatabase, clock, scheduler, List.of());
    }

    /**
     * @param types kinds that check their own settings (a type without one is accepted as it is)
     * @throws ConfigurationException with one sentence per target that cannot work
     */
    public Targets(Collection<TargetSpec> configured, Supplier<DataSource> botDatabase, Clock clock,
                   TaskScheduler scheduler, List<TargetType> types) {
        this.botDatabase = botDatabase;
        this.clock = clock;
        this.scheduler = scheduler;
        Map<String, TargetSpec> all = new TreeMap<>();
        for (TargetSpec spec : configured) {
            all.put(spec.name(), spec);
        }
        boolean anyPostgres = all.values().stream().anyMatch(s -> s.type().equals("postgres"));
        if (!anyPostgres && botDatabase != null) {
            all.put(OWN_DATABASE, new TargetSpec(OWN_DATABASE, "postgres", Map.of()));
        }
        List<String> problems = new ArrayList<>();
        Map<String, PostgresSettings> pg = new LinkedHashMap<>();
        Map<String, TargetType> kinds = new LinkedHashMap<>();
        types.forEach(t -> kinds.put(t.type(), t));
        for (TargetSpec spec : all.values()) {
            if (!TYPES.contains(spec.type()) && !kinds.containsKey(spec.type())) {
                problems.add(spec.type().isBlank() ? Messages.targetTypeMissing(spec.name())
                        : Messages.targetTypeUnknown(spec.name(), spec.type(), TYPES));
                continue;
            }
            TargetType kind = kinds.get(spec.type());
            if (kind != null) {
                kind.problems(spec, all).forEach(p -> problems.add(Messages.targetMisconfigured(spec.name(), p)));
            }
            if (spec.type().equals("postgres")) {
                try {
                    PostgresSettings s = PostgresSettings.from(spec);
                    if (s.ownDatabase() && botDatabase == null) {
                        problems.add(Messages.targetMisconfigured(spec.name(), Messages.postgresNeedsUrl()));
                    }
                    pg.put(spec.name(), s);
                } catch (IllegalArgumentException e) {
                    problems.add(Messages.targetMisconfigured(spec.name(), e.getMessage()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join(" ", problems));
        }
        this.specs = Collections.unmodifiableMap(all);
        this.postgresSettings = Collections.unmodifiableMap(pg);
    }

    @Override
    public Set<String> names(String type) {
        Set<String> out = new TreeSet<>();
        for (TargetSpec s : specs.values()) {
            if (type == null || s.type().equals(type)) {
                out.add(s.name());
            }
        }
        return out;
    }

    public Optional<TargetSpec> spec(String name) {
        return Optional.ofNullable(specs.get(name));
    }

    /** The only target of a type, when there is exactly one. */
    public Optional<String> only(String type) {
        Set<String> names = names(type);
        return names.size() == 1 ? Optional.of(names.iterator().next()) : Optional.empty();
    }

    /** The client of a postgres target; empty when no postgres target has that name. */
    public Optional<PostgresClient> postgres(String name) {
        PostgresSettings settings = postgresSettings.get(name);
        if (settings == null) {
            return Optional.empty();
        }
        return Optional.of(postgres.computeIfAbsent(name, n -> new PostgresClient(n, dataSource(n, settings), settings,
                clock, scheduler)));
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

    private static List<TargetSpec> read(PropertyResolver config) {
        List<TargetSpec> out = new ArrayList<>();
        for (String name : config.getPropertyEntries(PREFIX)) {
            Map<String, Object> settings = new LinkedHashMap<>(config.getProperties(PREFIX + "." + name));
            // lists (retention rules) come back flattened; ask for them whole
            for (String list : LIST_SETTINGS) {
                config.getProperty(PREFIX + "." + name + "." + list, List.class).ifPresent(l -> settings.put(list, l));
            }
            Object type = settings.get("type");
            out.add(new TargetSpec(name, type == null ? "" : type.toString().strip(), settings));
        }
        return out;
    }

    @Override
    public String toString() {
        return "Targets" + names(null);
    }
}
