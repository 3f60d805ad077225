package dev.caretaker.fake.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Discord's REST API and gateway as the real JDA sees them, on 127.0.0.1: it answers the calls a bot makes,
 * records every request, rejects payloads over Discord's limits (and lists them in {@link #violations()}),
 * keeps channel messages so edits in place can be checked, and can answer one message post with a 429.
 */
public final class FakeDiscord implements AutoCloseable {

    public static final String APPLICATION_ID = "1000000000000000001";
    public static final String GUILD_ID = "1000000000000000002";
    public static final String CHANNEL_ID = "1000000000000000003";
    public static final String USER_ID = "1000000000000000004";
    public static final String ROLE_ID = "1000000000000000005";
    public static final String OTHER_USER_ID = "1000000000000000008";

    static final ObjectMapper JSON = new ObjectMapper();
    private static final long DISCORD_EPOCH = 1420070400000L;
    private static final Pattern CHANNEL_MESSAGES = Pattern.compile("/channels/(\\d+)/messages(?:/(\\d+))?");
    private static final Pattern COMMANDS = Pattern.compile("/applications/(\\d+)(?:/guilds/(\\d+))?/commands");
    private static final Pattern CALLBACK = Pattern.compile("/interactions/(\\d+)/([^/]+)/callback");
    private static final Pattern WEBHOOK = Pattern.compile("/webhooks/(\\d+)/([^/]+)(?:/messages/([^/]+))?");

    private final HttpServer http;
    private final FakeGateway gateway;
    private final String apiPrefix = "/api/v10";
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<String, ObjectNode> messages = new ConcurrentHashMap<>();
    private final Map<String, ArrayNode> commands = new ConcurrentHashMap<>();
    private final Map<String, String> interactionChannels = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicReference<Duration> rateLimitNextPost = new AtomicReference<>();
    private volatile boolean restDown;

    /** One request as the fake received it; {@code json} is the body or the {@code payload_json} part. */
    public record Recorded(String method, String path, String query, JsonNode json, List<Multipart.Part> files,
                           int status, Instant at) {

        public boolean is(String m, String pathRegex) {
            return method.equals(m) && path.matches(pathRegex);
        }

        public List<String> fileNames() {
            return files.stream().map(Multipart.Part::fileName).toList();
        }

        public String fileText(int index) {
            return files.get(index).text();
        }
    }

    private FakeDiscord() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", this::handle);
        http.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-discord-rest");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        gateway = new FakeGateway(this);
        gateway.startAndWait();
    }

    public static FakeDiscord start() {
        try {
            return new FakeDiscord();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The REST base URL, as {@code RestConfig#setBaseUrl} takes it. */
    public String apiUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + apiPrefix + "/";
    }

    public String gatewayUrl() {
        return gateway.url();
    }

    public FakeGateway gateway() {
        return gateway;
    }

    // ---- control -------------------------------------------------------------------------------

    /** The next channel message post is answered 429 with this Retry-After; the retry succeeds. */
    public void rateLimitNextMessagePost(Duration retryAfter) {
        rateLimitNextPost.set(retryAfter);
    }

    /** Every REST call fails with 503 (as if Discord were down) until called with false. */
    public void restDown(boolean down) {
        restDown = down;
    }

    /** Sends a slash command or button click built from a fixture; answers the fresh interaction id. */
    public String dispatchInteraction(String fixture, Consumer<ObjectNode> edit) {
        ObjectNode payload = fixture(fixture);
        ObjectNode d = (ObjectNode) payload.get("d");
        String id = snowflake();
        d.put("id", id);
        d.put("token", "token-" + id);
        if (d.has("guild_id") && !d.has("guild")) {
            // Discord sends this partial guild with every guild interaction; the captured fixtures predate it
            d.putObject("guild").put("id", d.get("guild_id").asText()).put("locale", "en-US").putArray("features");
        }
        if (!d.has("authorizing_integration_owners")) {
            // sent with every interaction (guild install: "0" -> guild id); the button fixture lacks it
            d.putObject("authorizing_integration_owners").put("0", d.path("guild_id").asText(GUILD_ID));
        }
        if (edit != null) {
            edit.accept(d);
        }
        interactionChannels.put(d.get("token").asText(), d.path("channel_id").asText(CHANNEL_ID));
        gateway.dispatch("INTERACTION_CREATE", d);
        return id;
    }

    public static ObjectNode fixture(String name) {
        try (InputStream in = FakeDiscord.class.getResourceAsStream("/fixtures/discord/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- what happened ---------------------------------------------------------------------------

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public List<Recorded> requests(String method, String pathRegex) {
        return requests.stream().filter(r -> r.is(method, pathRegex)).toList();
    }

    /** Waits for a request that matches; fails the test when none came in time. */
    public Recorded await(Predicate<Recorded> match, Duration within) {
        Instant end = Instant.now().plus(within);
        while (Instant.now().isBefore(end)) {
            Optional<Recorded> r = requests.stream().filter(match).findFirst();
            if (r.isPresent()) {
                return r.get();
            }
            sleep(Duration.ofMillis(20));
        }
        throw new AssertionError("no matching request within " + within + "; got " + summary());
    }

    public Recorded await(String method, String pathRegex, Duration within) {
        return await(r -> r.is(method, pathRegex) && r.status() < 300, within);
    }

    /** Payloads that broke a Discord limit; each was refused with 400 as Discord would. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** The current state of a channel message (after edits). */
    public Optional<JsonNode> message(String messageId) {
        return Optional.ofNullable(messages.get(messageId));
    }

    /** The last registered commands, global ({@code guildId} null) or for one guild. */
    public Optional<ArrayNode> commands(String guildId) {
        return Optional.ofNullable(commands.get(guildId == null ? "global" : guildId));
    }

    public String summary() {
        StringBuilder out = new StringBuilder();
        for (Recorded r : requests) {
            out.append('\n').append(r.method()).append(' ').append(r.path()).append(" -> ").append(r.status());
        }
        return out.toString();
    }

    // ---- REST ----------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getRawQuery();
            byte[] body = ex.getRequestBody().readAllBytes();
            JsonNode json = null;
            List<Multipart.Part> files = new ArrayList<>();
            String contentType = ex.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null && contentType.startsWith("multipart/form-data")) {
                for (Multipart.Part part : Multipart.parse(body, Multipart.boundary(contentType))) {
                    if (part.name().equals("payload_json")) {
                        json = JSON.readTree(part.data());
                    } else {
                        files.add(part);
                    }
                }
            } else if (body.length > 0) {
                json = JSON.readTree(body);
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String route = path.startsWith(apiPrefix) ? path.substring(apiPrefix.length()) : path;
            Answer answer;
            if (restDown) {
                answer = new Answer(503, JSON.createObjectNode().put("message", "Service Unavailable"), Map.of());
            } else if (!route.startsWith("/interactions/") && !route.startsWith("/webhooks/")
                    && (auth == null || !auth.startsWith("Bot "))) {
                answer = error(401, 0, "401: Unauthorized");
            } else {
                answer = route(method, route, json, files);
            }
            requests.add(new Recorded(method, route, query, json, files, answer.status, Instant.now()));
            for (Map.Entry<String, String> h : answer.headers.entrySet()) {
                ex.getResponseHeaders().add(h.getKey(), h.getValue());
            }
            if (answer.body == null) {
                ex.sendResponseHeaders(answer.status, -1);
                return;
            }
            byte[] out = JSON.writeValueAsBytes(answer.body);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(answer.status, out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        } catch (RuntimeException e) {
            violations.add("fake failed on " + ex.getRequestURI() + ": " + e);
            throw e;
        }
    }

    private record Answer(int status, JsonNode body, Map<String, String> headers) {
    }

    private Answer route(String method, String route, JsonNode json, List<Multipart.Part> files) {
        if (method.equals("GET") && route.equals("/users/@me")) {
            return ok(botUser());
        }
        if (method.equals("GET") && (route.equals("/gateway") || route.equals("/gateway/bot"))) {
            ObjectNode g = JSON.createObjectNode().put("url", gateway.url()).put("shards", 1);
            g.putObject("session_start_limit").put("total", 1000).put("remaining", 999).put("reset_after", 0)
                    .put("max_concurrency", 1);
            return ok(g);
        }
        Matcher m = COMMANDS.matcher(route);
        if (m.matches()) {
            String scope = m.group(2) == null ? "global" : m.group(2);
            if (method.equals("PUT")) {
                ArrayNode stored = JSON.createArrayNode();
                for (JsonNode c : json) {
                    ObjectNode copy = c.deepCopy();
                    copy.put("id", snowflake()).put("application_id", m.group(1)).put("version", snowflake());
                    if (m.group(2) != null) {
                        copy.put("guild_id", m.group(2));
                    }
                    copy.putIfAbsent("type", JSON.getNodeFactory().numberNode(1));
                    stored.add(copy);
                }
                commands.put(scope, stored);
                return ok(stored);
            }
            if (method.equals("GET")) {
                return ok(commands.getOrDefault(scope, JSON.createArrayNode()));
            }
        }
        m = CHANNEL_MESSAGES.matcher(route);
        if (m.matches()) {
            return channelMessage(method, m.group(1), m.group(2), json, files);
        }
        m = CALLBACK.matcher(route);
        if (m.matches() && method.equals("POST")) {
            return callback(m.group(2), json, files);
        }
        m = WEBHOOK.matcher(route);
        if (m.matches()) {
            return webhook(method, m.group(2), m.group(3), json, files);
        }
        return error(404, 0, "404: Not Found");
    }

    private Answer channelMessage(String method, String channelId, String messageId, JsonNode json,
                                  List<Multipart.Part> files) {
        if (!channelId.equals(CHANNEL_ID)) {
            return error(404, 10003, "Unknown Channel");
        }
        if (method.equals("POST") && messageId == null) {
            Duration limited = rateLimitNextPost.getAndSet(null);
            if (limited != null) {
                return rateLimited(limited);
            }
            Answer refused = checkLimits(json);
            if (refused != null) {
                return refused;
            }
            ObjectNode msg = message(snowflake(), channelId, json, files, false);
            messages.put(msg.get("id").asText(), msg);
            return ok(msg);
        }
        if (method.equals("PATCH") && messageId != null) {
            ObjectNode existing = messages.get(messageId);
            if (existing == null) {
                return error(404, 10008, "Unknown Message");
            }
            Answer refused = checkLimits(json);
            if (refused != null) {
                return refused;
            }
            return ok(edit(existing, json, files));
        }
        if (method.equals("GET") && messageId != null) {
            ObjectNode existing = messages.get(messageId);
            return existing == null ? error(404, 10008, "Unknown Message") : ok(existing);
        }
        return error(405, 0, "405: Method Not Allowed");
    }

    private Answer callback(String token, JsonNode json, List<Multipart.Part> files) {
        int type = json.path("type").asInt();
        String channelId = interactionChannels.getOrDefault(token, CHANNEL_ID);
        ObjectNode resource = JSON.createObjectNode().put("type", type);
        JsonNode data = json.path("data");
        if (type == 4 || type == 5) {
            Answer refused = type == 4 ? checkLimits(data) : null;
            if (refused != null) {
                return refused;
            }
            ObjectNode original = message(snowflake(), channelId, type == 4 ? data : null, files, true);
            int flags = data.path("flags").asInt(0);
            original.put("flags", type == 5 ? flags | 128 : flags);
            messages.put("@original:" + token, original);
            resource.set("message", original);
        } else if (type == 6 || type == 7) {
            // deferred update / update: the message carrying the component stays the original
            if (type == 7) {
                Answer refused = checkLimits(data);
                if (refused != null) {
                    return refused;
                }
            }
        }
        ObjectNode out = JSON.createObjectNode();
        out.putObject("interaction").put("id", snowflake()).put("type", 2);
        out.set("resource", resource);
        return ok(out);
    }

    private Answer webhook(String method, String token, String messageId, JsonNode json, List<Multipart.Part> files) {
        String channelId = interactionChannels.getOrDefault(token, CHANNEL_ID);
        if (messageId == null && method.equals("POST")) {
            Answer refused = checkLimits(json);
            if (refused != null) {
                return refused;
            }
            ObjectNode msg = message(snowflake(), channelId, json, files, true);
            messages.put(msg.get("id").asText(), msg);
            return ok(msg);
        }
        String key = messageId != null && messageId.equals("@original") ? "@original:" + token : messageId;
        ObjectNode existing = key == null ? null : messages.get(key);
        if (existing == null) {
            // a component's message (deferred update) is the original of the click's token
            existing = message(snowflake(), channelId, null, List.of(), true);
            messages.put(key, existing);
        }
        if (method.equals("PATCH")) {
            Answer refused = checkLimits(json);
            if (refused != null) {
                return refused;
            }
            ObjectNode edited = edit(existing, json, files);
            edited.put("flags", edited.path("flags").asInt() & ~128);
            return ok(edited);
        }
        if (method.equals("DELETE")) {
            messages.remove(key);
            return new Answer(204, null, Map.of());
        }
        if (method.equals("GET")) {
            return ok(existing);
        }
        return error(405, 0, "405: Method Not Allowed");
    }

    private Answer checkLimits(JsonNode payload) {
        if (payload == null || payload.isMissingNode()) {
            return null;
        }
        List<String> problems = PayloadLimits.check(payload);
        if (problems.isEmpty()) {
            return null;
        }
        violations.addAll(problems);
        return error(400, 50035, "Invalid Form Body");
    }

    private ObjectNode edit(ObjectNode existing, JsonNode json, List<Multipart.Part> files) {
        if (json != null) {
            for (String key : List.of("content", "embeds", "components", "flags")) {
                if (json.has(key)) {
                    existing.set(key, key.equals("embeds") ? rich(json.get(key)) : json.get(key));
                }
            }
        }
        if (!files.isEmpty() || (json != null && json.has("attachments"))) {
            existing.set("attachments", attachments(files));
        }
        existing.put("edited_timestamp", Instant.now().toString());
        return existing;
    }

    private ObjectNode message(String id, String channelId, JsonNode json, List<Multipart.Part> files,
                               boolean fromInteraction) {
        ObjectNode m = JSON.createObjectNode();
        m.put("id", id).put("channel_id", channelId).put("guild_id", GUILD_ID).put("type", fromInteraction ? 20 : 0);
        m.put("content", json == null ? "" : json.path("content").asText(""));
        m.set("author", botUser());
        m.put("timestamp", Instant.now().toString());
        m.putNull("edited_timestamp");
        m.put("tts", false).put("mention_everyone", false).put("pinned", false);
        m.putArray("mentions");
        m.putArray("mention_roles");
        m.set("embeds", rich(json == null || !json.has("embeds") ? JSON.createArrayNode() : json.get("embeds")));
        m.set("components", json == null || !json.has("components") ? JSON.createArrayNode() : json.get("components"));
        m.set("attachments", attachments(files));
        m.put("flags", json == null ? 0 : json.path("flags").asInt(0));
        if (json != null && json.has("message_reference")) {
            m.set("message_reference", json.get("message_reference"));
        }
        if (fromInteraction) {
            m.put("webhook_id", APPLICATION_ID).put("application_id", APPLICATION_ID);
        }
        return m;
    }

    /** Discord stores what bots send as embeds of type "rich" and says so in every message object. */
    private static JsonNode rich(JsonNode embeds) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode e : embeds) {
            ObjectNode copy = e.deepCopy();
            copy.putIfAbsent("type", JSON.getNodeFactory().textNode("rich"));
            out.add(copy);
        }
        return out;
    }

    private ArrayNode attachments(List<Multipart.Part> files) {
        ArrayNode out = JSON.createArrayNode();
        for (Multipart.Part f : files) {
            String id = snowflake();
            out.addObject().put("id", id).put("filename", f.fileName()).put("size", f.data().length)
                    .put("url", "http://127.0.0.1/attachments/" + id + "/" + f.fileName())
                    .put("proxy_url", "http://127.0.0.1/attachments/" + id + "/" + f.fileName());
        }
        return out;
    }

    static ObjectNode botUser() {
        ObjectNode u = JSON.createObjectNode();
        u.put("id", APPLICATION_ID).put("username", "caretaker").put("discriminator", "0").putNull("avatar");
        u.put("global_name", "Caretaker").put("bot", true).put("verified", true).put("mfa_enabled", false).put("flags", 0);
        return u;
    }

    private Answer ok(JsonNode body) {
        return new Answer(200, body, Map.of());
    }

    private Answer error(int status, int code, String message) {
        return new Answer(status, JSON.createObjectNode().put("code", code).put("message", message), Map.of());
    }

    private Answer rateLimited(Duration retryAfter) {
        double seconds = retryAfter.toMillis() / 1000.0;
        ObjectNode body = JSON.createObjectNode().put("message", "You are being rate limited.")
                .put("retry_after", seconds).put("global", false);
        // "via" marks it as Discord's own limit, not Cloudflare's; the scope is the per-route bucket
        return new Answer(429, body, Map.of(
                "Retry-After", Long.toString((long) Math.ceil(seconds)),
                "X-RateLimit-Limit", "5",
                "X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset-After", Double.toString(seconds),
                "X-RateLimit-Bucket", "fake-channel-messages",
                "X-RateLimit-Scope", "user",
                "Via", "1.1 google"));
    }

    String snowflake() {
        long ms = System.currentTimeMillis() - DISCORD_EPOCH;
        return Long.toString((ms << 22) | (sequence.incrementAndGet() & 0xFFF));
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        gateway.shutdown();
        http.stop(0);
        ((java.util.concurrent.ExecutorService) http.getExecutor()).shutdownNow();
    }
}
