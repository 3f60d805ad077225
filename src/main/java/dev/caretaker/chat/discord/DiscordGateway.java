package dev.caretaker.chat.discord;

import dev.caretaker.chat.Inbound;
import dev.caretaker.command.CommandRegistry;
import dev.caretaker.command.TargetCatalog;
import dev.caretaker.store.Coordinator;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one gateway session per bot token: only the holder of the {@code discord-gateway} lease connects. Every
 * replica tries to take or renew the lease every third of its length, so when the holder goes away another
 * replica connects within one lease period; a holder that cannot renew in time disconnects first.
 */
@Context
@Requires(condition = DiscordEnabled.class)
public final class DiscordGateway {

    public static final String LEASE = "discord-gateway";

    private static final Logger LOG = LoggerFactory.getLogger(DiscordGateway.class);

    private final DiscordSettings settings;
    private final Coordinator coordinator;
    private final InteractionHandler interactions;
    private final CommandRegistrar registrar;
    private final String holder = "caretaker-" + UUID.randomUUID();
    private final ScheduledExecutorService ticker;
    private final ExecutorService workers;
    private volatile JDA jda;
    private Instant lastRenewed = Instant.EPOCH;

    DiscordGateway(DiscordSettings settings, Coordinator coordinator, Inbound inbound, CommandRegistry registry,
                   Optional<TargetCatalog> targets, EmbedRenderer renderer) {
        this.settings = settings;
        this.coordinator = coordinator;
        TargetCatalog catalog = targets.orElse(TargetCatalog.NONE);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> daemon(r, "caretaker-discord-" + n.incrementAndGet()));
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "caretaker-discord-lease"));
        this.interactions = new InteractionHandler(inbound, catalog, renderer, settings, workers);
        this.registrar = new CommandRegistrar(registry, settings);
    }

    @PostConstruct
    void start() {
        long every = Math.max(1, settings.lease().toMillis() / 3);
        ticker.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
    }

    /** The connected client, when this replica holds the session. */
    public Optional<JDA> jda() {
        return Optional.ofNullable(jda);
    }

    /** Whether this replica holds the gateway session right now. */
    public boolean connected() {
        return jda != null;
    }

    synchronized void tick() {
        boolean mine;
        try {
            mine = coordinator.acquireLease(LEASE, holder, settings.lease());
            if (mine) {
                lastRenewed = Instant.now();
            }
        } catch (RuntimeException e) {
            // cannot tell whether another replica took over: keep the session only while the old lease lasts
            mine = Duration.between(lastRenewed, Instant.now()).compareTo(settings.lease()) < 0;
            LOG.warn("Discord: could not renew the gateway lease ({}); {}", e.getMessage(),
                    mine ? "keeping the session for now" : "disconnecting so that two sessions never run");
        }
        if (mine && jda == null) {
            connect();
        } else if (!mine && jda != null) {
            LOG.info("Discord: another replica holds the gateway lease; disconnecting");
            disconnect();
        }
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
            // a bad token or an unreachable Discord: the next tick tries again
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
    void stop() {
        ticker.shutdownNow();
        synchronized (this) {
            disconnect();
            try {
                coordinator.releaseLease(LEASE, holder);
            } catch (RuntimeException e) {
                LOG.warn("Discord: could not release the gateway lease; another replica takes over when it expires", e);
            }
        }
        workers.shutdown();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
