package dev.caretaker.chat.slack;

import com.slack.api.bolt.App;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the Bolt app when the server is up (its {@code auth.test} checks the token early) and, when
 * {@code SLACK_APP_TOKEN} is set, opens the Socket Mode connection. A Slack that cannot be reached is
 * logged, not fatal: the rest of Caretaker keeps working and Bolt tries again on the next request.
 */
@Singleton
@Requires(condition = SlackEnabled.class)
final class SlackStartup implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(SlackStartup.class);

    private final App app;
    private final SlackSettings settings;
    private SlackSocketMode socketMode;

    SlackStartup(App app, SlackSettings settings) {
        this.app = app;
        this.settings = settings;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        LOG.info("Slack adapter on: {}", settings);
        try {
            app.start();
            if (settings.socketMode()) {
                synchronized (this) {
                    socketMode = new SlackSocketMode(settings.appToken().orElseThrow(), app);
                    socketMode.start();
                }
            }
        } catch (Exception e) {
            LOG.error("Could not connect to Slack at {}: {}", settings.apiUrl(), e.getMessage());
        }
    }

    @PreDestroy
    synchronized void stop() throws Exception {
        if (socketMode != null) {
            socketMode.close();
        }
    }
}
