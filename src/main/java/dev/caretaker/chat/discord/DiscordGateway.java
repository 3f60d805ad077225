package dev.caretaker.chat.discord;

import dev.caretaker.config.Serving;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.chat.Inbound;
import dev.caretaker.command.CommandRegistry;
import dev.caretaker.command.CommandsChanged;
import dev.caretaker.command.TargetCatalog;
import dev.caretaker.store.Lease;
import dev.caretaker.store.Leadership;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * The one gateway session per bot token: only the holder of the {@code discord-gateway} lease connects. Every
 * replica tries to take or renew the lease every third of its length ({@link Leadership#lease}), so when the holder
 * goes away another replica connects within one lease period; a holder that cannot renew disconnects at once.
 */
@Serving
@Requires(condition = DiscordEnabled.class)
public final class DiscordGateway {

    public static final String LEASE = "discord-gateway";

    private static final Logger LOG = LoggerFactory.getLogger(DiscordGateway.class);

    private final DiscordSettings settings;
    private final Leadership leadership;
    private final InteractionHandler interactions;
    private final CommandRegistrar registrar;
    private final ExecutorService workers;
    private volatile JDA jda;
    private Lease lease;

    DiscordGateway(DiscordSettings settings, Leadership leadership, Inbound inbound, CommandRegistry registry,
                   Optional<TargetCatalog> targets, EmbedRenderer renderer,
                   @Named(TaskExecutors.BLOCKING) ExecutorService workers, ObjectMapper json) {
        this.settings = settings;
        this.leadership = leadership;
        this.workers = workers;
        TargetCatalog catalog = targets.orElse(TargetCatalog.NONE);
        this.interactions = new InteractionHandler(inbound, catalog, renderer, settings, workers);
        this.registrar = new CommandRegistrar(registry, settings, json);
    }

    @PostConstruct
    synchronized void start() {
        lease = leadership.lease(LEASE, settings.lease(), new Lease.Listener() {
            @Override
            public void gained() {
                connect();
            }

            @Override
            public void renewed() {
                if (jda == null) {
                    // the last connect failed (Discord unreachable, say): try again while the lease is ours
                    connect();
                }
            }

            @Override
            public void lost() {
                LOG.info("Discord: this replica no longer holds the gateway lease; disconnecting");
                disconnect();
            }
        });
    }

    /**
     * After {@code commands reload} changed the commands (here, or on another replica and then here): register the new
     * {@code /ops} tree. Only the replica holding the session can; the registrar skips it when the tree's hash is
     * the one registered already.
     */
    @EventListener
    void onCommandsChanged(CommandsChanged changes) {
        JDA current = jda;
        if (current != null) {
            workers.execute(() -> registrar.registerIfChanged(current));
        }
    }

    /** The connected client, when this replica holds the session. */
    public Optional<JDA> jda() {
        return Optional.ofNullable(jda);
    }

    /** Whether this replica holds the gateway session right now. */
    public boolean connected() {
        return jda != null;
    }

    private void connect() {
        LOG.info("Discord: this replica holds the gateway lease; connecting");
        try {
            jda = JdaConnector.connect(settings, interactions, new ListenerAdapter() {
                @Override
                public void onReady(ReadyEvent event) {
                    workers.execute(() -> registrar.registerIfChanged(event.getJDA()));
                }
            });
        } catch (RuntimeException e) {
            // a bad token or an unreachable Discord: the next renewal tries again
            LOG.error("Discord: could not connect", e);
            jda = null;
        }
    }

    private void disconnect() {
        JDA current = jda;
        jda = null;
        if (current != null) {
            current.shutdown();
            try {
                if (!current.awaitShutdown(Duration.ofSeconds(5))) {
                    current.shutdownNow();
                }
            } catch (InterruptedException e) {
                current.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    @PreDestroy
    synchronized void stop() {
        // disconnects (the listener's lost) before releasing, so two sessions never run
        if (lease != null) {
            lease.close();
        }
    }
}
