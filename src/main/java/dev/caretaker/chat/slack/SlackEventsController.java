package dev.caretaker.chat.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.security.BodyLimits;
import dev.caretaker.security.RequestMessages;
import dev.caretaker.security.SlackRequestVerifier;
import dev.caretaker.store.Coordinator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
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
import java.time.Duration;
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

    /** A signed request is taken once: the same signature again within this window is a replay. */
    static final Duration REPLAY_WINDOW = SlackRequestVerifier.MAX_SKEW.multipliedBy(2);

    private final App app;
    private final SlackRequestParser parser;
    private final Optional<SlackRequestVerifier> verifier;
    private final SlackRequestCheck check;
    private final Coordinator coordinator;
    private final ExecutorService workers;

    SlackEventsController(App app, SlackSettings settings, Clock clock, ObjectMapper json, Coordinator coordinator,
                          @Named(TaskExecutors.BLOCKING) ExecutorService workers) {
        this.app = app;
        this.parser = new SlackRequestParser(app.config());
        this.verifier = settings.signingSecret().map(secret -> new SlackRequestVerifier(secret, clock));
        this.check = new SlackRequestCheck(json, settings.command(), parser);
        this.coordinator = coordinator;
        this.workers = workers;
    }

    /**
     * Checks on the event loop, in this order: the size, the signature (on the raw bytes), that this signed request
     * was not taken before, and the body's shape ({@link SlackRequestCheck}); then hands Bolt's run to one virtual
     * thread, which runs a slash command right there ({@link SlackCommandRunner}); the ack leaves when the command is
     * done or its window is over, whichever comes first. Every refusal is one log line that never quotes the body.
     */
    @Post(uri = "/events", produces = {MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    @Consumes(MediaType.ALL)
    public CompletableFuture<HttpResponse<String>> events(HttpRequest<?> request, @Nullable @Body byte[] received) {
        byte[] body = received == null ? new byte[0] : received;
        String from = request.getRemoteAddress().getAddress().getHostAddress();
        if (body.length > BodyLimits.SLACK_EVENTS) {
            // a chunked body declares no length, so the filter could not refuse it before it arrived
            LOG.warn("Refused a request to /slack/events from {}: {} bytes, over the limit", from, body.length);
            return done(plain(HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    RequestMessages.tooLarge(request.getPath(), BodyLimits.SLACK_EVENTS)));
        }
        String timestamp = request.getHeaders().get("X-Slack-Request-Timestamp");
        String signature = request.getHeaders().get("X-Slack-Signature");
        SlackRequestVerifier.Result result = verifier
                .map(v -> v.verify(timestamp, signature, body))
                .orElse(SlackRequestVerifier.Result.MISSING_HEADERS);
        if (result != SlackRequestVerifier.Result.OK) {
            LOG.warn("Refused a request to /slack/events from {}: {} ({} bytes){}", from, result, body.length,
                    verifier.isEmpty() ? "; no signing secret is configured (SLACK_SIGNING_SECRET)" : "");
            return done(HttpResponse.unauthorized());
        }
        boolean first;
        try {
            first = coordinator.claim("slack-request:" + signature.strip(), REPLAY_WINDOW);
        } catch (RuntimeException e) {
            LOG.warn("Refused a request to /slack/events from {}: the coordinator cannot say whether it is a replay ({})",
                    from, e.getClass().getSimpleName());
            return done(plain(HttpStatus.SERVICE_UNAVAILABLE, SlackMessages.slackRequestTryLater()));
        }
        if (!first) {
            // Slack signs every delivery, retries included, afresh; the same signature again is someone replaying it
            LOG.warn("Refused a request to /slack/events from {}: a replay of a request taken already ({} bytes)",
                    from, body.length);
            return done(HttpResponse.ok());
        }
        String contentType = request.getHeaders().get("Content-Type");
        SlackRequestCheck.Verdict verdict = check.check(contentType, body);
        switch (verdict) {
            case SlackRequestCheck.Refuse refuse -> {
                LOG.warn("Refused a request to /slack/events from {}: {} ({} bytes)", from, refuse.reason(), body.length);
                return done(plain(HttpStatus.valueOf(refuse.status()), refuse.status() == 415
                        ? SlackMessages.slackRequestWrongContentType() : SlackMessages.slackRequestUnreadable()));
            }
            case SlackRequestCheck.Ignore ignore -> {
                LOG.debug("Acknowledged a request to /slack/events and ran nothing: {}", ignore.reason());
                return done(HttpResponse.ok());
            }
            case SlackRequestCheck.Run run -> {
                return run(request, body, from, run);
            }
        }
    }

    private CompletableFuture<HttpResponse<String>> run(HttpRequest<?> request, byte[] body, String from,
                                                        SlackRequestCheck.Run run) {
        Map<String, List<String>> headers = new HashMap<>();
        request.getHeaders().forEach((name, values) -> headers.put(name, values));
        Request<?> slackRequest;
        try {
            slackRequest = parser.parse(SlackRequestParser.HttpRequest.builder()
                    .requestUri(request.getPath())
                    .queryString(request.getParameters().asMap())
                    .headers(new RequestHeaders(headers))
                    .requestBody(new String(body, StandardCharsets.UTF_8))
                    .remoteAddress(from)
                    .build());
        } catch (RuntimeException e) {
            // a field of a shape Bolt's binding does not take (an object where it wants text, say); its message may
            // quote the body, so only its type is logged
            LOG.warn("Refused a request to /slack/events from {}: a {} that Bolt cannot read ({})", from, run.reason(),
                    e.getClass().getSimpleName());
            return done(plain(HttpStatus.BAD_REQUEST, SlackMessages.slackRequestUnreadable()));
        }
        if (slackRequest == null) {
            LOG.warn("Refused a request to /slack/events from {}: a {} that Bolt cannot place", from, run.reason());
            return done(plain(HttpStatus.BAD_REQUEST, SlackMessages.slackRequestUnreadable()));
        }
        CompletableFuture<HttpResponse<String>> answer = new CompletableFuture<>();
        Consumer<Response> early = response -> answer.complete(http(response));
        try {
            workers.execute(() -> {
                try {
                    // an early ack completed the answer already: then this one (empty) is dropped
                    answer.complete(http(ScopedValue.where(SlackBoltApp.EARLY_ACK, early).call(() -> app.run(slackRequest))));
                } catch (Exception e) {
                    LOG.error("A {} to /slack/events failed in its handler ({})", run.reason(), e.getClass().getSimpleName());
                    answer.complete(plain(HttpStatus.INTERNAL_SERVER_ERROR, SlackMessages.slackRequestTryLater()));
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down: Slack retries the request, and another replica (or this one, restarted) takes it
            return done(HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE));
        }
        return answer;
    }

    private static CompletableFuture<HttpResponse<String>> done(HttpResponse<String> response) {
        return CompletableFuture.completedFuture(response);
    }

    private static HttpResponse<String> plain(HttpStatus status, String sentence) {
        return HttpResponse.<String>status(status).contentType(MediaType.TEXT_PLAIN_TYPE).body(sentence);
    }

    private static HttpResponse<String> http(Response response) {
        MutableHttpResponse<String> out = HttpResponse.<String>status(HttpStatus.valueOf(
                response.getStatusCode()));
        if (response.getBody() != null) {
            out.contentType(response.getContentType()).body(response.getBody());
        }
        response.getHeaders().forEach((name, values) -> values.forEach(v -> out.header(name, v)));
        return out;
    }
}
