package dev.caretaker.chat.slack;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.files.FilesUploadV2Response;
import com.slack.api.methods.request.files.FilesUploadV2Request;
import com.slack.api.util.json.GsonFactory;
import com.slack.api.webhook.WebhookResponse;
import dev.caretaker.chat.DeliveryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Web API calls Caretaker makes, each honouring HTTP 429 {@code Retry-After} and retrying a server
 * error a few times before giving up with a {@link DeliveryException} that says whether retrying later can help.
 * {@code chat.postMessage} is paced per channel by a {@link ChannelPacer}.
 */
public final class SlackWebApi {

    private static final Logger LOG = LoggerFactory.getLogger(SlackWebApi.class);
    // Errors where trying again cannot help: the channel, message or token is wrong.
    private static final Set<String> PERMANENT = Set.of("channel_not_found", "not_in_channel", "is_archived",
            "invalid_auth", "not_authed", "account_inactive", "token_revoked", "msg_too_long", "invalid_blocks",
            "message_not_found", "cant_update_message", "no_text", "invalid_arguments", "missing_scope",
            "user_not_found", "no_such_subteam", "file_not_found", "expired_url", "used_url");

    private final Slack slack;
    private final MethodsClient methods;
    private final ChannelPacer pacer;
    private final RetryPolicy policy;
    private final Gson gson = GsonFactory.createSnakeCase();

    public SlackWebApi(Slack slack, String botToken, ChannelPacer pacer, RetryPolicy policy) {
        this.slack = slack;
        this.methods = slack.methods(botToken);
        this.pacer = pacer;
        this.policy = policy;
    }

    /** How hard one call tries before it gives up; the retry queue takes over from there. */
    public record RetryPolicy(int maxAttempts, Duration maxRateLimitWait, Duration serverErrorBackoff) {
        public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(30), Duration.ofMillis(500));
    }

    public MethodsClient methods() {
        return methods;
    }

    /** Posts a message (in a thread when {@code threadTs} is set); answers its ts. */
    public String postMessage(String channel, String threadTs, SlackMessage message) throws DeliveryException {
        ChatPostMessageResponse response = call("chat.postMessage", channel, () -> {
            pacer.await(channel);
            return methods.chatPostMessage(r -> r.channel(channel).threadTs(threadTs).text(message.text())
                    .blocks(message.blocks()).unfurlLinks(false).unfurlMedia(false));
        });
        attach(channel, response.getTs(), message.files());
        return response.getTs();
    }

    public void update(String channel, String ts, SlackMessage message) throws DeliveryException {
        call("chat.update", channel, () -> methods.chatUpdate(r -> r.channel(channel).ts(ts).text(message.text())
                .blocks(message.blocks())));
        attach(channel, ts, message.files());
    }

    /**
     * Attaches files to a message already delivered. A failure is logged, not thrown: throwing would make
     * the caller deliver the message again, and a message must never arrive twice.
     */
    private void attach(String channel, String ts, List<SlackFile> files) {
        try {
            uploadFiles(channel, ts, files);
        } catch (DeliveryException e) {
            LOG.error("Could not attach {} to message {} in {}: {}", files.stream().map(SlackFile::fileName).toList(),
                    ts, channel, e.getMessage());
        }
    }

    public void postEphemeral(String channel, String user, SlackMessage message) throws DeliveryException {
        call("chat.postEphemeral", channel, () -> methods.chatPostEphemeral(r -> r.channel(channel).user(user)
                .text(message.text()).blocks(message.blocks())));
    }

    /** Attaches files in the thread of a message (files.getUploadURLExternal, upload, files.completeUploadExternal). */
    public void uploadFiles(String channel, String threadTs, List<SlackFile> files) throws DeliveryException {
        if (files.isEmpty()) {
            return;
        }
        List<FilesUploadV2Request.UploadFile> uploads = new ArrayList<>();
        for (SlackFile f : files) {
            uploads.add(FilesUploadV2Request.UploadFile.builder().filename(f.fileName()).title(f.title())
                    .fileData(f.content()).build());
        }
        call("files.uploadV2", channel, () -> {
            FilesUploadV2Response response = methods.filesUploadV2(r -> r.channel(channel).threadTs(threadTs)
                    .uploadFiles(uploads));
            return new Ok(response.isOk(), response.getError());
        });
    }

    /** Members of a Slack user group. */
    public List<String> usergroupMembers(String usergroupId) throws DeliveryException {
        return call("usergroups.users.list", usergroupId,
                () -> methods.usergroupsUsersList(r -> r.usergroup(usergroupId))).getUsers();
    }

    /**
     * Sends a message to a {@code response_url}. {@code inChannel} makes it visible to everyone;
     * {@code replaceOriginal} edits the message that carried the clicked button.
     */
    public void respond(String responseUrl, SlackMessage message, boolean inChannel, boolean replaceOriginal)
            throws DeliveryException {
        JsonObject body = new JsonObject();
        body.addProperty("response_type", inChannel ? "in_channel" : "ephemeral");
        body.addProperty("text", message.text());
        body.add("blocks", gson.toJsonTree(message.blocks()));
        body.addProperty("replace_original", replaceOriginal);
        post(responseUrl, gson.toJson(body));
    }

    /** Removes the message that carried the clicked button (an ephemeral prompt, once answered). */
    public void deleteOriginal(String responseUrl) throws DeliveryException {
        JsonObject body = new JsonObject();
        body.addProperty("delete_original", true);
        post(responseUrl, gson.toJson(body));
    }

    private void post(String responseUrl, String json) throws DeliveryException {
        call("response_url", "response_url", () -> {
            WebhookResponse r = slack.send(responseUrl, json);
            if (r.getCode() != 200) {
                throw new HttpStatus(r.getCode(), retryAfter(r.getHeaders() == null ? null
                        : first(r.getHeaders().get("retry-after"), r.getHeaders().get("Retry-After"))));
            }
            return new Ok(true, null);
        });
    }

    // ---- one call, with retries ------------------------------------------------------------------

    /** A Web API call. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws IOException, SlackApiException, HttpStatus, InterruptedException;
    }

    /** A plain ok / error answer for calls whose SDK response is not a {@link SlackApiTextResponse}. */
    record Ok(boolean ok, String error) {
    }

    /** A non-200 answer from a URL the SDK does not wrap in {@link SlackApiException}. */
    static final class HttpStatus extends Exception {
        private final int code;
        private final transient Duration retryAfter;

        HttpStatus(int code, Duration retryAfter) {
            super("HTTP " + code);
            this.code = code;
            this.retryAfter = retryAfter;
        }
    }

    private <T> T call(String method, String where, Call<T> call) throws DeliveryException {
        Duration waited = Duration.ZERO;
        for (int attempt = 1; ; attempt++) {
            int status;
            Duration retryAfter;
            Exception cause;
            try {
                T response = call.run();
                String error = error(response);
                if (error == null) {
                    return response;
                }
                if (error.equals("ratelimited")) {
                    status = 429;
                    retryAfter = Duration.ofSeconds(1);
                    cause = null;
                } else if (PERMANENT.contains(error)) {
                    throw DeliveryException.permanent(method + " in " + where + " failed: " + error, null);
                } else {
                    throw DeliveryException.retryable(method + " in " + where + " failed: " + error, null);
                }
            } catch (SlackApiException e) {
                status = e.getResponse().code();
                retryAfter = retryAfter(e.getResponse().header("Retry-After"));
                cause = e;
                if (status != 429 && status < 500) {
                    String error = e.getError() == null ? "HTTP " + status : e.getError().getError();
                    throw DeliveryException.permanent(method + " in " + where + " failed: " + error, e);
                }
            } catch (HttpStatus e) {
                status = e.code;
                retryAfter = e.retryAfter;
                cause = e;
                if (status != 429 && status < 500) {
                    throw DeliveryException.permanent(method + " in " + where + " failed: HTTP " + status, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DeliveryException.retryable(method + " in " + where + " was interrupted", e);
            } catch (IOException e) {
                status = 0;
                retryAfter = null;
                cause = e;
            }
            if (status == 429) {
                Duration wait = retryAfter == null ? Duration.ofSeconds(1) : retryAfter;
                if (attempt >= policy.maxAttempts() || waited.plus(wait).compareTo(policy.maxRateLimitWait()) > 0) {
                    throw DeliveryException.rateLimited(method + " in " + where + " is rate limited", wait);
                }
                LOG.info("Slack rate-limited {} in {}; retrying in {}", method, where, wait);
                waited = waited.plus(wait);
                sleep(wait);
            } else {
                if (attempt >= policy.maxAttempts()) {
                    throw DeliveryException.retryable(method + " in " + where + " failed after " + attempt
                            + " attempts (" + (status == 0 ? "unreachable" : "HTTP " + status) + ")", cause);
                }
                Duration wait = policy.serverErrorBackoff().multipliedBy(1L << Math.min(attempt - 1, 6));
                LOG.info("Slack {} in {} failed ({}); retrying in {}", method, where,
                        status == 0 ? cause.getMessage() : "HTTP " + status, wait);
                sleep(wait);
            }
        }
    }

    private static String error(Object response) {
        if (response instanceof SlackApiTextResponse r) {
            return r.isOk() ? null : (r.getError() == null ? "unknown_error" : r.getError());
        }
        if (response instanceof Ok r) {
            return r.ok() ? null : (r.error() == null ? "unknown_error" : r.error());
        }
        return null;
    }

    private static String first(List<String> a, List<String> b) {
        if (a != null && !a.isEmpty()) {
            return a.get(0);
        }
        return b != null && !b.isEmpty() ? b.get(0) : null;
    }

    static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void sleep(Duration d) throws DeliveryException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.retryable("interrupted while waiting to retry", e);
        }
    }
}
