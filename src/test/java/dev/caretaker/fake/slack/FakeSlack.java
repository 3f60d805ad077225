package dev.caretaker.fake.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A protocol-level Slack on 127.0.0.1: the Web API methods Caretaker calls, file upload URLs, response
 * URLs and a Socket Mode WebSocket. It records every call, checks every message payload against Slack's
 * limits (answering {@code invalid_blocks} and remembering the violation, which {@link #close()} turns into
 * a test failure), and can be told to answer 429 with {@code Retry-After} or 500, or to keep one channel waiting.
 */
public final class FakeSlack implements AutoCloseable {

    public static final String TEAM_ID = "T0TEST";
    public static final String BOT_USER_ID = "U0BOT";
    public static final String BOT_ID = "B0BOT";
    public static final String BOT_TOKEN = "xoxb-fake-bot-token";
    public static final String APP_TOKEN = "xapp-fake-app-token";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-slack");
        t.setDaemon(true);
        return t;
    });
    private final List<SlackCall> calls = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<String, ConcurrentLinkedDeque<Failure>> failures = new ConcurrentHashMap<>();
    private final Map<String, List<String>> usergroups = new ConcurrentHashMap<>();
    private final Map<String, String> userNames = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> messages = new ConcurrentHashMap<>();
    private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    private final Map<String, Duration> slowChannels = new ConcurrentHashMap<>();
    private final Map<String, Integer> limitedChannels = new ConcurrentHashMap<>();
    private final List<SlackCall> started = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Object changed = new Object();
    private final FakeSocketMode socketMode;

    private FakeSlack(HttpServer server, FakeSocketMode socketMode) {
        this.server = server;
        this.socketMode = socketMode;
    }

    /** Starts the HTTP side and the Socket Mode WebSocket on free loopback ports. */
    public static FakeSlack start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeSocketMode ws = FakeSocketMode.start();
            FakeSlack fake = new FakeSlack(server, ws);
            server.createContext("/", fake::handle);
            server.setExecutor(fake.executor);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the fake Slack", e);
        }
    }

    // ---- addresses -------------------------------------------------------------------------------

    /** The Web API prefix for {@code SlackConfig#setMethodsEndpointUrlPrefix} (ends in a slash). */
    public String apiUrl() {
        return baseUrl() + "/api/";
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A fresh response URL, as Slack puts in each slash command and button click. */
    public String newResponseUrl() {
        return baseUrl() + "/response/" + sequence.incrementAndGet();
    }

    public FakeSocketMode socketMode() {
        return socketMode;
    }

    // ---- behaviour -------------------------------------------------------------------------------

    /** Sets the members of a user group, answered by {@code usergroups.users.list}. */
    public FakeSlack usergroup(String groupId, String... userIds) {
        usergroups.put(groupId, List.of(userIds));
        return this;
    }

    /** Sets a person's name, answered by {@code users.info}. */
    public FakeSlack user(String userId, String name) {
        userNames.put(userId, name);
        return this;
    }

    /** The next {@code times} calls of {@code method} get HTTP 429 with {@code Retry-After: seconds}. */
    public FakeSlack rateLimitNext(String method, int times, int retryAfterSeconds) {
        queue(method, times, new Failure(429, retryAfterSeconds));
        return this;
    }

    /** The next {@code times} calls of {@code method} get HTTP 500. */
    public FakeSlack failNext(String method, int times) {
        queue(method, times, new Failure(500, 0));
        return this;
    }

    /** {@code chat.postMessage} and {@code chat.update} in {@code channel} answer only after {@code delay}. */
    public FakeSlack slowChannel(String channel, Duration delay) {
        slowChannels.put(channel, delay);
        return this;
    }

    /** Every {@code chat.postMessage} and {@code chat.update} in {@code channel} gets 429 with {@code Retry-After}. */
    public FakeSlack rateLimitChannel(String channel, int retryAfterSeconds) {
        limitedChannels.put(channel, retryAfterSeconds);
        return this;
    }

    /** Waits until a call of {@code method} to {@code channel} has arrived, answered or not (a slow channel's). */
    public SlackCall awaitStarted(String method, String channel, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        synchronized (changed) {
            while (true) {
                for (SlackCall c : started) {
                    if (c.method().equals(method) && channel.equals(c.text("channel"))) {
                        return c;
                    }
                }
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    throw new AssertionError("no " + method + " to " + channel + " arrived within " + timeout);
                }
                try {
                    changed.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + method, e);
                }
            }
        }
    }

    private void queue(String method, int times, Failure failure) {
        ConcurrentLinkedDeque<Failure> q = failures.computeIfAbsent(method, k -> new ConcurrentLinkedDeque<>());
        for (int i = 0; i < times; i++) {
            q.add(failure);
        }
    }

    // ---- what was sent ---------------------------------------------------------------------------

    public List<SlackCall> calls() {
        return List.copyOf(calls);
    }

    /** Calls of one method (or {@code response_url}, {@code upload}) that were answered successfully or not. */
    public List<SlackCall> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Calls of any of the methods that put a message in front of users. */
    public List<SlackCall> messageCalls() {
        return calls.stream().filter(c -> List.of("chat.postMessage", "chat.update", "chat.postEphemeral",
                "response_url").contains(c.method())).toList();
    }

    /** Waits until a call matching {@code test} has been recorded, failing the test after {@code timeout}. */
    public SlackCall await(String method, Predicate<SlackCall> test, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        synchronized (changed) {
            while (true) {
                for (SlackCall c : calls) {
                    if (c.method().equals(method) && test.test(c)) {
                        return c;
                    }
                }
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    throw new AssertionError("no " + method + " call matched within " + timeout + "; calls: " + calls);
                }
                try {
                    changed.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + method, e);
                }
            }
        }
    }

    public SlackCall await(String method, Duration timeout) {
        return await(method, c -> true, timeout);
    }

    /** The current content of a posted message (after any {@code chat.update}), by channel and ts. */
    public Optional<JsonNode> message(String channel, String ts) {
        return Optional.ofNullable(messages.get(channel + "/" + ts));
    }

    /** The bytes uploaded for a file id. */
    public Optional<byte[]> upload(String fileId) {
        return Optional.ofNullable(uploads.get(fileId));
    }

    /** Every payload that exceeded a Slack limit, one line each. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    public void reset() {
        calls.clear();
        violations.clear();
        failures.clear();
        messages.clear();
        uploads.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        socketMode.close();
        if (!violations.isEmpty()) {
            throw new AssertionError("payloads exceeded Slack limits: " + violations);
        }
    }

    // ---- HTTP -----------------------------------------------------------------------------------

    private record Failure(int status, int retryAfterSeconds) {
    }

    /** What the fake answers; decided (and its effects stored) before the call is recorded and the answer sent. */
    private record Answer(int status, String contentType, String body, int retryAfterSeconds) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method;
            if (path.startsWith("/api/")) {
                method = path.substring("/api/".length());
            } else if (path.startsWith("/response/")) {
                method = "response_url";
            } else if (path.startsWith("/upload/")) {
                method = "upload";
            } else {
                send(exchange, new Answer(404, "text/plain", "not found", 0));
                return;
            }
            SlackCall call = parse(method, path, exchange, body);
            Answer answer = serve(method, path, call, body);
            // Recorded after its effects and before the answer: whoever saw the answer or the call sees both.
            record(call);
            send(exchange, answer);
        } catch (RuntimeException e) {
            // A fake that throws quietly would turn a test failure into a timeout; say what broke.
            violations.add("fake Slack failed on " + exchange.getRequestURI() + ": " + e);
            throw e;
        }
    }

    private Answer serve(String method, String path, SlackCall call, byte[] body) throws IOException {
        synchronized (changed) {
            started.add(call);
            changed.notifyAll();
        }
        if (method.equals("chat.postMessage") || method.equals("chat.update")) {
            String channel = call.text("channel");
            Integer retryAfter = channel == null ? null : limitedChannels.get(channel);
            if (retryAfter != null) {
                return new Answer(429, "application/json", "{\"ok\":false,\"error\":\"ratelimited\"}", retryAfter);
            }
            Duration delay = channel == null ? null : slowChannels.get(channel);
            if (delay != null) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("the fake was stopped while holding a slow answer", e);
                }
            }
        }
        Failure failure = Optional.ofNullable(failures.get(method)).map(ConcurrentLinkedDeque::poll).orElse(null);
        if (failure != null) {
            return failure.status() == 429
                    ? new Answer(429, "application/json", "{\"ok\":false,\"error\":\"ratelimited\"}", failure.retryAfterSeconds())
                    : new Answer(failure.status(), "text/plain", "oops", 0);
        }
        if (method.equals("upload")) {
            uploads.put(path.substring("/upload/".length()), body);
            return new Answer(200, "text/plain", "OK - " + body.length, 0);
        }
        if (method.equals("response_url")) {
            List<String> problems = SlackLimits.check(call.json());
            if (!problems.isEmpty()) {
                violations.add("response_url: " + problems);
                return new Answer(400, "text/plain", "invalid_blocks", 0);
            }
            return new Answer(200, "text/plain", "ok", 0);
        }
        return new Answer(200, "application/json; charset=utf-8", JSON.writeValueAsString(answer(method, call)), 0);
    }

    private void record(SlackCall call) {
        synchronized (changed) {
            calls.add(call);
            changed.notifyAll();
        }
    }

    private ObjectNode answer(String method, SlackCall call) {
        ObjectNode out = JSON.createObjectNode();
        out.put("ok", true);
        String token = bearer(call);
        if (!method.equals("apps.connections.open") && token != null && !token.equals(BOT_TOKEN)) {
            return error("invalid_auth");
        }
        switch (method) {
            case "auth.test" -> {
                out.put("url", "https://caretaker-test.example/");
                out.put("team", "Caretaker Test");
                out.put("user", "caretaker");
                out.put("team_id", TEAM_ID);
                out.put("user_id", BOT_USER_ID);
                out.put("bot_id", BOT_ID);
            }
            case "chat.postMessage", "chat.update" -> {
                List<String> problems = SlackLimits.check(call.json());
                if (!problems.isEmpty()) {
                    violations.add(method + ": " + problems);
                    return error("invalid_blocks");
                }
                String channel = call.text("channel");
                String ts = method.equals("chat.update") ? call.text("ts") : nextTs();
                if (method.equals("chat.update") && !messages.containsKey(channel + "/" + ts)) {
                    return error("message_not_found");
                }
                messages.put(channel + "/" + ts, call.json());
                out.put("channel", channel);
                out.put("ts", ts);
                ObjectNode message = out.putObject("message");
                message.put("text", call.text("text"));
                message.put("ts", ts);
                message.put("bot_id", BOT_ID);
            }
            case "chat.postEphemeral" -> {
                List<String> problems = SlackLimits.check(call.json());
                if (!problems.isEmpty()) {
                    violations.add(method + ": " + problems);
                    return error("invalid_blocks");
                }
                out.put("message_ts", nextTs());
            }
            case "files.getUploadURLExternal" -> {
                if (call.param("filename") == null || call.param("length") == null) {
                    return error("invalid_arguments");
                }
                String id = "F" + sequence.incrementAndGet();
                out.put("upload_url", baseUrl() + "/upload/" + id);
                out.put("file_id", id);
            }
            case "files.completeUploadExternal" -> {
                ArrayNode files = out.putArray("files");
                JsonNode requested = call.json().path("files");
                for (JsonNode f : requested) {
                    if (!uploads.containsKey(f.path("id").asText())) {
                        return error("file_not_found");
                    }
                    ObjectNode file = files.addObject();
                    file.put("id", f.path("id").asText());
                    file.put("title", f.path("title").asText());
                }
            }
            case "usergroups.users.list" -> {
                ArrayNode users = out.putArray("users");
                usergroups.getOrDefault(call.param("usergroup"), List.of()).forEach(users::add);
            }
            case "users.info" -> {
                String id = call.param("user");
                ObjectNode user = out.putObject("user");
                user.put("id", id);
                user.put("name", userNames.getOrDefault(id, id));
                user.put("real_name", userNames.getOrDefault(id, id));
                user.putObject("profile").put("display_name", userNames.getOrDefault(id, id));
            }
            case "apps.connections.open" -> {
                if (!APP_TOKEN.equals(token)) {
                    return error("invalid_auth");
                }
                out.put("url", socketMode.url());
            }
            default -> {
                return error("unknown_method");
            }
        }
        return out;
    }

    private String nextTs() {
        return String.format("1700000000.%06d", sequence.incrementAndGet());
    }

    private static ObjectNode error(String code) {
        ObjectNode out = JSON.createObjectNode();
        out.put("ok", false);
        out.put("error", code);
        return out;
    }

    private static String bearer(SlackCall call) {
        String auth = call.headers().get("authorization");
        if (auth != null && auth.startsWith("Bearer ")) {
            return auth.substring("Bearer ".length());
        }
        return call.param("token");
    }

    private static SlackCall parse(String method, String path, HttpExchange exchange, byte[] body) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        String type = headers.getOrDefault("content-type", "");
        Map<String, String> params = new LinkedHashMap<>();
        ObjectNode json;
        if (method.equals("upload")) {
            json = JSON.createObjectNode();
        } else if (type.startsWith("application/json")) {
            JsonNode tree = JSON.readTree(body);
            json = tree instanceof ObjectNode o ? o : JSON.createObjectNode();
            json.fields().forEachRemaining(e -> params.put(e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        } else {
            String form = new String(body, StandardCharsets.UTF_8);
            String query = exchange.getRequestURI().getRawQuery();
            for (String source : new String[]{query, form}) {
                if (source == null || source.isEmpty()) {
                    continue;
                }
                for (String pair : source.split("&")) {
                    int eq = pair.indexOf('=');
                    String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    params.put(k, v);
                }
            }
            json = JSON.createObjectNode();
            for (Map.Entry<String, String> e : params.entrySet()) {
                // The SDK sends blocks, files and attachments as JSON strings inside the form.
                if (List.of("blocks", "files", "attachments").contains(e.getKey())) {
                    json.set(e.getKey(), JSON.readTree(e.getValue()));
                } else {
                    json.put(e.getKey(), e.getValue());
                }
            }
        }
        return new SlackCall(method, path, Collections.unmodifiableMap(headers), Collections.unmodifiableMap(params),
                json, body, Instant.now());
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        if (answer.retryAfterSeconds() > 0) {
            exchange.getResponseHeaders().add("Retry-After", String.valueOf(answer.retryAfterSeconds()));
        }
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
