package dev.caretaker.schedule;

import dev.caretaker.config.Serving;
import dev.caretaker.pipeline.CommandsSettings;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * What a serving replica does for {@code commands reload}: looks at the commands generation every few seconds and
 * reloads when another replica advanced it, and reloads everywhere on {@code SIGHUP}.
 */
@Serving
public class CommandsFollower {

    private static final Logger LOG = LoggerFactory.getLogger(CommandsFollower.class);
    private static final Signal HUP = new Signal("HUP");

    private final CommandsReload reload;
    private final ExecutorService workers;
    private SignalHandler previous;
    private SignalHandler mine;

    /**
     * @param settings {@code caretaker.commands.reload-on-sighup}: whether {@code kill -HUP} reloads (default true); it
     *                 replaces the JVM's own reaction to HUP, which is to shut down
     */
    public CommandsFollower(CommandsReload reload, @Named(TaskExecutors.BLOCKING) ExecutorService workers,
                            CommandsSettings settings) {
        this.reload = reload;
        this.workers = workers;
        if (settings.reloadOnSighup()) {
            listenForHangup();
        }
    }

    /** Every few seconds on every replica: reload when another replica reloaded since. */
    @Scheduled(fixedDelay = "${caretaker.commands.reload-poll:5s}", initialDelay = "${caretaker.commands.reload-poll:5s}")
    void follow() {
        try {
            reload.follow();
        } catch (RuntimeException e) {
            // the next poll tries again
            LOG.error("Could not follow a reload of the commands", e);
        }
    }

    private void listenForHangup() {
        mine = signal -> {
            try {
                workers.execute(() -> {
                    LOG.info("SIGHUP: reloading the commands");
                    reload.reloadEverywhere();
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
