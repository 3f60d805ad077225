package dev.caretaker;

import dev.caretaker.chat.ChatAdapter;
import dev.caretaker.command.CommandRegistry;
import dev.caretaker.store.Coordinator;
import dev.caretaker.store.EmbeddedPostgresLauncher;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** One line at start-up saying what this replica chose: database, coordinator, adapters, commands, port. */
@Singleton
public class StartupSummary {

    private static final Logger LOG = LoggerFactory.getLogger(StartupSummary.class);

    private final EmbeddedPostgresLauncher embedded;
    private final Coordinator coordinator;
    private final List<ChatAdapter> adapters;
    private final CommandRegistry registry;
    private final String datasourceUrl;

    public StartupSummary(EmbeddedPostgresLauncher embedded, Coordinator coordinator, List<ChatAdapter> adapters,
                          CommandRegistry registry, @Value("${datasources.default.url:}") String datasourceUrl) {
        this.embedded = embedded;
        this.coordinator = coordinator;
        this.adapters = adapters;
        this.registry = registry;
        this.datasourceUrl = datasourceUrl;
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        String database = datasourceUrl == null || datasourceUrl.isBlank()
                ? "embedded PostgreSQL in " + embedded.dataDir()
                : "PostgreSQL at " + datasourceUrl.replaceAll("(?i)(password=)[^&]*", "$1****")
                .replaceAll("(://[^:/@]+:)[^@]+@", "$1****@");
        LOG.info("Caretaker ready on port {}: database {}, coordinator {}, adapters {}, {} commands",
                event.getSource().getPort(), database, coordinator.describe(),
                adapters.stream().map(a -> a.platform().id()).sorted().toList(), registry.all().size());
    }
}
