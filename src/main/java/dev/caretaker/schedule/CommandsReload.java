package dev.caretaker.schedule;

import dev.caretaker.pipeline.CommandCatalog;
import dev.caretaker.store.Coordinator;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code commands reload} and {@code SIGHUP}: read {@code commands/*.yml} again here and, when the new set is right,
 * advance the {@code commands} generation on the {@link Coordinator}; every replica follows that generation
 * ({@link CommandsFollower}) and reloads when it moved, so all of them change over within one poll without a restart.
 * A set with any problem is refused whole (with file and line) and the running commands stay.
 */
@Singleton
public class CommandsReload {

    static final String GENERATION = "commands";

    private static final Logger LOG = LoggerFactory.getLogger(CommandsReload.class);

    private final Provider<CommandCatalog> catalog;
    private final Provider<Schedules> schedules;
    private final Coordinator coordinator;
    /** The generation whose files this replica runs. */
    private volatile long seen;

    /**
     * @param catalog providers: created as the service starts (by its follower), this must not build the commands
     *                itself; the application does, and says what is wrong with them
     */
    public CommandsReload(Provider<CommandCatalog> catalog, Provider<Schedules> schedules, Coordinator coordinator) {
        this.catalog = catalog;
        this.schedules = schedules;
        this.coordinator = coordinator;
        this.seen = generation();
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

    /** Reloads when another replica reloaded since this one last looked. */
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
}
