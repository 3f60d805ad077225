package dev.caretaker.chat.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import dev.caretaker.security.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Socket Mode: the same Bolt app, fed over a WebSocket that Caretaker opens (Java-WebSocket backend). */
public final class SlackSocketMode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SlackSocketMode.class);

    /** Envelopes handled at once; without a pool Bolt handles them one by one and a slow ack holds up the rest. */
    static final int CONCURRENCY = 32;

    private final SocketModeApp socketModeApp;

    public SlackSocketMode(Secret appToken, App app) throws Exception {
        this.socketModeApp = new SocketModeApp(appToken.reveal(), app, SocketModeClient.Backend.JavaWebSocket,
                CONCURRENCY);
    }

    public void start() throws Exception {
        socketModeApp.startAsync();
        LOG.info("Slack Socket Mode connected");
    }

    @Override
    public void close() throws Exception {
        socketModeApp.close();
    }
}
