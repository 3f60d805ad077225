package dev.caretaker.chat.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import dev.caretaker.security.SlackRequestVerifier;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * {@code POST /slack/events}: slash commands, Events API and interactivity on one URL, as Slack's manifest
 * expects. The signature is checked on the raw body before anything else; a forged or stale request gets 401
 * and a log line (never the body).
 */
@Controller("/slack")
@Requires(condition = SlackEnabled.class)
public final class SlackEventsController {

    private static final Logger LOG = LoggerFactory.getLogger(SlackEventsController.class);

    private final App app;
    private final SlackRequestParser parser;
    private final Optional<SlackRequestVerifier> verifier;
    private final ExecutorService workers;

    SlackEventsController(App app, SlackSettings settings, Clock clock,
                          @Named(TaskExecutors.BLOCKING) ExecutorService workers) {
        this.app = app;
        this.parser = new SlackRequestParser(app.config());
        this.verifier = settings.signingSecret().map(secret -> new SlackRequestVerifier(secret, clock));
        this.workers = workers;
    }

    /**
     * Checks and parses on the event loop (a hash and a form decode), then hands Bolt's run to one virtual thread,
     * which runs a slash command right there ({@link SlackCommandRunner}); the ack leaves when the command is done or
     * its window is over, whichever comes first.
     */
    @Post(uri = "/events", produces = {MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.APPLICATION_JSON})
    public CompletableFuture<HttpResponse<String>> events(HttpRequest<?> request, @Body byte[] body) {
        String timestamp = request.getHeaders().get("X-Slack-Request-Timestamp");
        SlackRequestVerifier.Result result = verifier
                .map(v -> v.verify(timestamp, request.getHeaders().get("X-Slack-Signature"), body))
                .orElse(SlackRequestVerifier.Result.MISSING_HEADERS);
        if (result != SlackRequestVerifier.Result.OK) {
            LOG.warn("Refused a request to /slack/events from {}: {} (timestamp {}, {} bytes){}",
                    request.getRemoteAddress().getAddress().getHostAddress(), result, timestamp, body.length,
                    verifier.isEmpty() ? "; no signing secret is configured (SLACK_SIGNING_SECRET)" : "");
            return CompletableFuture.completedFuture(HttpResponse.unauthorized());
        }
        Map<String, List<String>> headers = new HashMap<>();
        request.getHeaders().forEach((name, values) -> headers.put(name, values));
        Request<?> slackRequest = parser.parse(SlackRequestParser.HttpRequest.builder()
                .requestUri(request.getPath())
                .queryString(request.getParameters().asMap())
                .headers(new RequestHeaders(headers))
                .requestBody(new String(body, StandardCharsets.UTF_8))
                .remoteAddress(request.getRemoteAddress().getAddress().getHostAddress())
                .build());
        CompletableFuture<HttpResponse<String>> answer = new CompletableFuture<>();
        Consumer<Response> early = response -> answer.complete(http(response));
        try {
            workers.execute(() -> {
                try {
                    // an early ack completed the answer already: then this one (empty) is dropped
                    answer.complete(http(ScopedValue.where(SlackBoltApp.EARLY_ACK, early).call(() -> app.run(slackRequest))));
                } catch (Exception e) {
                    answer.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down: Slack retries the request, and another replica (or this one, restarted) takes it
            return CompletableFuture.completedFuture(HttpResponse.status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE));
        }
        return answer;
    }

    private static HttpResponse<String> http(Response response) {
        MutableHttpResponse<String> out = HttpResponse.<String>status(io.micronaut.http.HttpStatus.valueOf(
                response.getStatusCode()));
        if (response.getBody() != null) {
            out.contentType(response.getContentType()).body(response.getBody());
        }
        response.getHeaders().forEach((name, values) -> values.forEach(v -> out.header(name, v)));
        return out;
    }
}
