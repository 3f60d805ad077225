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
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    SlackEventsController(App app, SlackSettings settings, Clock clock) {
        this.app = app;
        this.parser = new SlackRequestParser(app.config());
        this.verifier = settings.signingSecret().map(secret -> new SlackRequestVerifier(secret, clock));
    }

    @Post(uri = "/events", produces = {MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.APPLICATION_JSON})
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<String> events(HttpRequest<?> request, @Body byte[] body) throws Exception {
        String timestamp = request.getHeaders().get("X-Slack-Request-Timestamp");
        SlackRequestVerifier.Result result = verifier
                .map(v -> v.verify(timestamp, request.getHeaders().get("X-Slack-Signature"), body))
                .orElse(SlackRequestVerifier.Result.MISSING_HEADERS);
        if (result != SlackRequestVerifier.Result.OK) {
            LOG.warn("Refused a request to /slack/events from {}: {} (timestamp {}, {} bytes){}",
                    request.getRemoteAddress().getAddress().getHostAddress(), result, timestamp, body.length,
                    verifier.isEmpty() ? "; no signing secret is configured (SLACK_SIGNING_SECRET)" : "");
            return HttpResponse.unauthorized();
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
        Response response = app.run(slackRequest);
        MutableHttpResponse<String> out = HttpResponse.<String>status(io.micronaut.http.HttpStatus.valueOf(
                response.getStatusCode()));
        if (response.getBody() != null) {
            out.contentType(response.getContentType()).body(response.getBody());
        }
        response.getHeaders().forEach((name, values) -> values.forEach(v -> out.header(name, v)));
        return out;
    }
}
