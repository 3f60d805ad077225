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
 * The Web API calls Caretaker makes. Each makes one attempt; a failure becomes a {@link DeliveryException} that says
 * whether retrying can help and, for HTTP 429, Slack's {@code Retry-After}. Retrying and pacing are the callers'
 * ({@code DeliveryPolicy}, the outbox's per-channel slots): nothing here waits or sleeps.
 */
public final class SlackWebApi {

    private static final Logger LOG = LoggerFactory.getLogger(SlackWebApi.class);
    // Errors where trying again cannot help: the channel, message or token is wrong.
    private static final Set<String> PERMANENT = Set.of("channel_not_found", "not_in_channel", "is_archived",
            "invalid_auth", "not_authed", "account_inactive", "token_revoked", "msg_too_long", "invalid_blocks",
            "message_not_found", "cant_update_message", "no_text", "invalid_arguments", "missing_scope",
            "user_not_found", "no_such_subteam", "file_not_found", "expired_url", "used_url");

    /** What Slack's {@code ratelimited} error in a 200 answer (no header) is taken to mean. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private final Slack slack;
    private final MethodsClient methods;
    private final Gson gson = GsonFactory.createSnakeCase();

    public SlackWebApi(Slack slack, String botToken) {
        this.slack = slack;
        this.methods = slack.methods(botToken);
    }

    public MethodsClient methods() {
        return methods;
    }

    /** Posts a message (in a thread when {@code threadTs} is set); answers its ts. */
    public String postMessage(String channel, String threadTs, SlackMessage message) throws DeliveryException {
        ChatPostMessageResponse response = call("chat.postMessage", channel, () -> methods.chatPostMessage(
                r -> r.channel(channel).threadTs(threadTs).text(message.text()).blocks(message.blocks())
                        .unfurlLinks(false).unfurlMedia(false)));
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

    // ---- one call, one attempt -----------------------------------------------------------------

    /** A Web API call. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws IOException, SlackApiException, HttpStatus;
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

    private static <T> T call(String method, String where, Call<T> call) throws DeliveryException {
        String what = method + " in " + where;
        T response;
        try {
            response = call.run();
        } catch (SlackApiException e) {
            String error = e.getError() == null ? null : e.getError().getError();
            throw failure(what, e.getResponse().code(), retryAfter(e.getResponse().header("Retry-After")), error, e);
        } catch (HttpStatus e) {
            throw failure(what, e.code, e.retryAfter, null, e);
        } catch (IOException e) {
            throw DeliveryException.retryable(what + " failed (unreachable: " + e.getMessage() + ")", e);
        }
        String error = error(response);
        if (error == null) {
            return response;
        }
        if (error.equals("ratelimited")) {
            throw DeliveryException.rateLimited(what + " is rate limited", DEFAULT_RETRY_AFTER);
        }
        if (PERMANENT.contains(error)) {
            throw DeliveryException.permanent(what + " failed: " + error, null);
        }
        throw DeliveryException.retryable(what + " failed: " + error, null);
    }

    /** 429: try again after Slack's wait; 5xx: try again; any other status: the request itself is wrong. */
    private static DeliveryException failure(String what, int status, Duration retryAfter, String error, Exception e) {
        if (status == 429) {
            return DeliveryException.rateLimited(what + " is rate limited (HTTP 429)",
                    retryAfter == null ? DEFAULT_RETRY_AFTER : retryAfter);
        }
        String why = error == null ? "HTTP " + status : error;
        if (status >= 500) {
            return DeliveryException.retryable(what + " failed: " + why, e);
        }
        return DeliveryException.permanent(what + " failed: " + why, e);
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
}
