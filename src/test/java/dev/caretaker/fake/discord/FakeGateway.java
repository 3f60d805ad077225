package dev.caretaker.fake.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Discord's JSON gateway (no compression): HELLO on connect, READY and one GUILD_CREATE after IDENTIFY,
 * heartbeat ACKs, and dispatches the test asks for. Records every IDENTIFY so tests see who connected.
 */
public final class FakeGateway extends WebSocketServer {

    /** Discord's usual interval; JDA heartbeats on its own schedule, the fake only acknowledges. */
    private static final int HEARTBEAT_INTERVAL_MS = 41250;

    private final FakeDiscord discord;
    private final CountDownLatch started = new CountDownLatch(1);
    private final Map<WebSocket, AtomicLong> sessions = new ConcurrentHashMap<>();
    private final List<JsonNode> identifies = new CopyOnWriteArrayList<>();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();

    FakeGateway(FakeDiscord discord) {
        super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.discord = discord;
        setReuseAddr(true);
        setDaemon(true);
    }

    void startAndWait() {
        start();
        try {
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("fake gateway did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "ws://127.0.0.1:" + getPort();
    }

    /** Connections that sent IDENTIFY and are still open. */
    public int activeSessions() {
        return sessions.size();
    }

    /** Every IDENTIFY payload received ({@code d}), oldest first. */
    public List<JsonNode> identifies() {
        return List.copyOf(identifies);
    }

    /** Every payload a client sent, oldest first. */
    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** Waits until {@code count} IDENTIFYs arrived in all; false when they did not in time. */
    public boolean awaitIdentifies(int count, Duration within) {
        Instant end = Instant.now().plus(within);
        while (identifies.size() < count) {
            if (Instant.now().isAfter(end)) {
                return false;
            }
            FakeDiscord.sleep(Duration.ofMillis(20));
        }
        return true;
    }

    /** Sends a dispatch ({@code op 0}) to every identified session. */
    public void dispatch(String type, JsonNode data) {
        if (sessions.isEmpty()) {
            throw new IllegalStateException("no identified gateway session to dispatch " + type + " to");
        }
        sessions.forEach((socket, seq) -> send(socket, type, data, seq));
    }

    private void send(WebSocket socket, String type, JsonNode data, AtomicLong seq) {
        ObjectNode frame = FakeDiscord.JSON.createObjectNode();
        frame.put("op", 0).put("s", seq.incrementAndGet()).put("t", type);
        frame.set("d", data);
        socket.send(frame.toString());
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        ObjectNode hello = FakeDiscord.JSON.createObjectNode().put("op", 10).putNull("s").putNull("t");
        hello.putObject("d").put("heartbeat_interval", HEARTBEAT_INTERVAL_MS);
        conn.send(hello.toString());
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        JsonNode payload;
        try {
            payload = FakeDiscord.JSON.readTree(message);
        } catch (IOException e) {
            conn.close(4002, "Decode error");
            return;
        }
        received.add(payload);
        int op = payload.path("op").asInt(-1);
        if (op == 1) {
            conn.send("{\"op\":11,\"s\":null,\"t\":null,\"d\":null}");
        } else if (op == 2) {
            identifies.add(payload.get("d"));
            AtomicLong seq = new AtomicLong();
            sessions.put(conn, seq);
            send(conn, "READY", ready(), seq);
            send(conn, "GUILD_CREATE", guild(), seq);
        } else if (op == 6) {
            conn.close(4009, "Session timed out");
        }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        sessions.remove(conn);
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn != null) {
            sessions.remove(conn);
        }
    }

    void shutdown() {
        try {
            stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ObjectNode ready() {
        ObjectNode d = FakeDiscord.JSON.createObjectNode();
        d.put("v", 10);
        d.set("user", FakeDiscord.botUser());
        d.putArray("guilds").addObject().put("id", FakeDiscord.GUILD_ID).put("unavailable", true);
        d.putArray("private_channels");
        d.put("session_id", "fake-session-" + discord.snowflake());
        d.put("resume_gateway_url", url());
        d.putObject("application").put("id", FakeDiscord.APPLICATION_ID).put("flags", 0);
        d.putArray("_trace").add("fake-discord");
        return d;
    }

    private ObjectNode guild() {
        ObjectNode g = FakeDiscord.JSON.createObjectNode();
        g.put("id", FakeDiscord.GUILD_ID).put("name", "Ops").put("owner_id", FakeDiscord.USER_ID);
        g.put("unavailable", false).put("large", false).put("member_count", 3);
        g.put("joined_at", "2025-01-01T00:00:00.000000+00:00").put("preferred_locale", "en-US");
        g.put("premium_tier", 0).put("verification_level", 0).put("nsfw_level", 0).put("mfa_level", 0);
        g.put("afk_timeout", 300).put("default_message_notifications", 0).put("explicit_content_filter", 0);
        ArrayNode roles = g.putArray("roles");
        role(roles.addObject(), FakeDiscord.GUILD_ID, "@everyone", 0);
        role(roles.addObject(), FakeDiscord.ROLE_ID, "ops", 1);
        ObjectNode channel = g.putArray("channels").addObject();
        channel.put("id", FakeDiscord.CHANNEL_ID).put("type", 0).put("name", "ops").put("position", 0);
        channel.put("guild_id", FakeDiscord.GUILD_ID).putNull("parent_id").put("nsfw", false).putNull("topic");
        channel.putNull("last_message_id").put("rate_limit_per_user", 0).putArray("permission_overwrites");
        ObjectNode self = g.putArray("members").addObject();
        self.set("user", FakeDiscord.botUser());
        self.putArray("roles");
        self.put("joined_at", "2025-01-01T00:00:00.000000+00:00").put("deaf", false).put("mute", false).put("flags", 0);
        for (String empty : List.of("threads", "guild_scheduled_events", "emojis", "stickers", "voice_states",
                "presences", "features", "stage_instances")) {
            g.putArray(empty);
        }
        return g;
    }

    private static void role(ObjectNode role, String id, String name, int position) {
        role.put("id", id).put("name", name).put("position", position).put("permissions", "2248473465835073");
        role.put("color", 0).put("hoist", false).put("managed", false).put("mentionable", false).put("flags", 0);
    }
}
