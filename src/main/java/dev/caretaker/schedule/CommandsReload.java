package dev.caretaker.schedule;

import dev.caretaker.pipeline.CommandCatalog;
import dev.caretaker.store.Coordinator;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code commands reload} and {@code SIGHUP}: read {@code commands/*.yml} again here and, when the new set is right,
 * advance the {@code commands} generation on the {@link Coordinator}; every replica polls that generation and reloads
 * when it moved, so all of them change over within one poll without a restart. A set with any problem is refused
 * whole (with file and line) and the running commands stay.
 */
@Context
public class CommandsReload {

    static final String GENERATION = "commands";

    private static final Logger LOG = LoggerFactory.getLogger(CommandsReload.class);
    private static final Signal HUP = new Signal("HUP");

    private final Provider<CommandCatalog> catalog;
    private final Provider<Schedules> schedules;
    private final Coordinator coordinator;
    private final ExecutorService workers;
    /** The generation whose files this replica runs. */
    private volatile long seen;
    private SignalHandler previous;
    private SignalHandler mine;

    /**
     * @param catalog   providers: created at start-up to listen for SIGHUP, this must not build the commands itself (the
     *                  application does, and says what is wrong with them)
     * @param onSighup {@code caretaker.commands.reload-on-sighup}: whether {@code kill -HUP} reloads (default true); it
     *                 replaces the JVM's own reaction to HUP, which is to shut down
     */
    public CommandsReload(Provider<CommandCatalog> catalog, Provider<Schedules> schedules, Coordinator coordinator,
                          @Named(TaskExecutors.BLOCKING) ExecutorService workers,
                          @Value("${caretaker.commands.reload-on-sighup:true}") boolean onSighup) {
        this.catalog = catalog;
        this.schedules = schedules;
        this.coordinator = coordinator;
        this.workers = workers;
        this.seen = generation();
        if (onSighup) {
            listenForHangup();
        }
    }

    /** Reloads here and, when the new set is in use, tells every other replica to reload too. */
    public synchronized CommandCatalog.Reload reloadEverywhere() {
        CommandCatalog.Reload result = catalog.get().reload(schedules.get()::problems);
        if (result instanceof CommandCatalog.Reload.Reloaded) {
            try {
                seen = coordinator.advance(GENERATION);
            } catch (RuntimeException e) {
                // this replica has the new commands; the others keep theirs until the coordinator answers again
                LOG.error("Commands reloaded here, but the other replicas could not be told", e);
            }
        }
        return result;
    }

    /** Every few seconds on every replica: reload when another replica reloaded since. */
    @Scheduled(fixedDelay = "${caretaker.commands.reload-poll:5s}", initialDelay = "${caretaker.commands.reload-poll:5s}")
    synchronized void follow() {
        long now = generation();
        if (now == seen || now < 0) {
            return;
        }
        // remembered whatever came of it: a set refused here is logged once, not every few seconds
        seen = now;
        CommandCatalog.Reload result = catalog.get().reload(schedules.get()::problems);
        if (result instanceof CommandCatalog.Reload.Refused refused) {
            LOG.error("Another replica reloaded its commands, but this replica's files have problems; it keeps the "
                    + "running commands: {}", refused.problems());
        }
    }

    private long generation() {
        try {
            return coordinator.generation(GENERATION);
        } catch (RuntimeException e) {
            LOG.warn("Could not read the commands generation from the coordinator: {}", e.getMessage());
            return -1;
        }
    }

    private void listenForHangup() {
        mine = signal -> {
            try {
                workers.execute(() -> {
                    LOG.info("SIGHUP: reloading the commands");
                    reloadEverywhere();
                });
            } catch (RejectedExecutionException e) {
                LOG.info("SIGHUP while shutting down; not reloading");
            }
        };
        try {
            previous = Signal.handle(HUP, mine);
        } catch (IllegalArgumentException e) {
            LOG.warn("This JVM does not let Caretaker handle SIGHUP; use `commands reload` instead");
        }
    }

    @PreDestroy
    void stop() {
        if (previous != null) {
            SignalHandler current = Signal.handle(HUP, previous);
            if (current != mine) {
                Signal.handle(HUP, current);   // a newer handler was installed after ours: leave it
            }
        }
    }
}
