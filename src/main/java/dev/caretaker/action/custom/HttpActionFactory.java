package dev.caretaker.action.custom;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionFactory;
import dev.caretaker.action.ActionResult;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code kind: http}: one HTTP request with a fixed method and a URL template (values are URL-encoded),
 * succeeding when the status is the expected one. Shows status, time taken and the start of the body.
 */
@Singleton
public final class HttpActionFactory implements ActionFactory {

    /** The part of a body worth showing in chat; the rest is summarised. */
    public static final int MAX_BODY_CHARS = 20_000;
    private static final List<String> KEYS = List.of("method", "url", "expect-status", "headers", "body");
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

    /** The shared client, made on first use: building one sets up TLS, which a start (or a {@code run}) need not wait for. */
    private final Provider<HttpClient> client;

    /** @param client the shared client; it follows no redirects, so the reply shows the status the URL answered */
    public HttpActionFactory(HttpClient client) {
        this(() -> client);
    }

    @Inject
    HttpActionFactory(Provider<HttpClient> client) {
        this.client = client;
    }

    @Override
    public String kind() {
        return "http";
    }

    @Override
    public List<String> validate(CommandSpec spec) {
        Map<String, Object> s = spec.action().settings();
        List<String> problems = new ArrayList<>(SettingKeys.unknown("http", s, KEYS));
        String method = String.valueOf(s.getOrDefault("method", "GET")).toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            problems.add("`method` must be one of " + String.join(", ", METHODS.stream().sorted().toList()));
        }
        Object url = s.get("url");
        if (!(url instanceof String u) || !(u.startsWith("http://") || u.startsWith("https://"))) {
            problems.add("`url` must be an http:// or https:// address");
        } else {
            try {
                URI.create(u.replaceAll("\\{[^}]*}", "x"));
            } catch (IllegalArgumentException e) {
                problems.add("`url` is not a valid address: " + e.getMessage());
            }
        }
        Object expect = s.get("expect-status");
        if (expect != null && !String.valueOf(expect).matches("[1-5]\\d\\d")) {
            problems.add("`expect-status` must be an HTTP status such as 200");
        }
        if (s.containsKey("headers") && !(s.get("headers") instanceof Map<?, ?>)) {
            problems.add("`headers` must be a mapping of Name: value");
        }
        return problems;
    }

    @Override
    public Action create(CommandSpec spec) {
        Map<String, Object> s = spec.action().settings();
        String method = String.valueOf(s.getOrDefault("method", "GET")).toUpperCase(Locale.ROOT);
        String urlTemplate = (String) s.get("url");
        Integer expect = s.get("expect-status") == null ? null : Integer.valueOf(String.valueOf(s.get("expect-status")));
        Object headers = s.get("headers");
        Object bodyTemplate = s.get("body");
        return context -> {
            String url = Templates.fill(urlTemplate, context.args(), v -> URLEncoder.encode(v, StandardCharsets.UTF_8));
            String body = bodyTemplate == null ? null : Templates.fill(bodyTemplate.toString(), context.args(), v -> v);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(spec.timeout())
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (headers instanceof Map<?, ?> h) {
                h.forEach((k, v) -> request.header(String.valueOf(k), String.valueOf(v)));
            }
            long start = System.nanoTime();
            HttpResponse<String> response;
            try {
                response = client.get().send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                return ActionResult.failed(CustomMessages.httpTimedOut(method, url, spec.timeout()));
            } catch (IOException e) {
                return ActionResult.failed(CustomMessages.httpUnreachable(method, url));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            int status = response.statusCode();
            boolean ok = expect == null ? status / 100 == 2 : status == expect;
            String text = response.body() == null ? "" : response.body();
            Reply.Builder reply = Reply.builder()
                    .header(method + " " + url + " → " + status)
                    .severity(ok ? Severity.OK : Severity.WARN)
                    .fields(List.of(new Block.Field(CustomMessages.httpStatusLabel(), Integer.toString(status)),
                            new Block.Field(CustomMessages.httpExpectedLabel(), CustomMessages.httpExpected(expect)),
                            new Block.Field(CustomMessages.tookLabel(), CustomMessages.millis(took))));
            if (!text.isBlank()) {
                reply.code(text.length() <= MAX_BODY_CHARS ? text
                        : text.substring(0, MAX_BODY_CHARS) + "\n" + CustomMessages.outputTruncated(MAX_BODY_CHARS));
            }
            return ok ? ActionResult.ok(reply.build()) : new ActionResult.Failed(reply.build());
        };
    }
}
