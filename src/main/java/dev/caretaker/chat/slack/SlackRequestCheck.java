package dev.caretaker.chat.slack;

import com.fasterxml.jackson.core.JacksonException;
import com.google.gson.Gson;
import com.slack.api.app_backend.events.payload.AppMentionPayload;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.util.SlackRequestParser;
import com.slack.api.util.json.GsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides, from a signed body, whether Bolt may see it: only the shapes Caretaker's handlers read (the slash command,
 * an {@code app_mention}, a click on a Caretaker button, the URL check) go on, each with every field the handler
 * uses; what Slack sends that Caretaker never asked for is acknowledged and dropped; anything else is refused. Bolt
 * picks a handler by sniffing the body and its handlers trust the fields they read, so a malformed body that reached
 * it failed deep inside with a 500; checked here, it gets a 400 and a reason that never quotes the body.
 */
final class SlackRequestCheck {

    /** What to do with a request, and why (a fixed phrase for the log; never any of the body). */
    sealed interface Verdict {
        String reason();
    }

    /** Hand it to Bolt: one of the shapes a handler reads. */
    record Run(String reason) implements Verdict {
    }

    /** Answer 200 and run nothing: Slack expects an ack, Caretaker has no use for it. */
    record Ignore(String reason) implements Verdict {
    }

    /** Answer {@code status} with a generic sentence. */
    record Refuse(int status, String reason) implements Verdict {
    }

    static final String FORM = "application/x-www-form-urlencoded";
    static final String JSON = "application/json";

    /** Interactivity Caretaker never asks for (it opens no modal, has no shortcut or menu): acknowledged, dropped. */
    private static final Set<String> UNUSED_INTERACTIONS = Set.of("view_submission", "view_closed", "shortcut",
            "message_action", "block_suggestion", "interactive_message", "dialog_submission", "dialog_cancellation",
            "dialog_suggestion", "workflow_step_edit");

    /** Deeper than any payload Slack sends; a body nested further is refused before it is bound. */
    private static final int MAX_DEPTH = 64;

    private static final Gson GSON = GsonFactory.createSnakeCase();

    private final ObjectReader json;
    private final SlackRequestParser parser;
    private final String command;

    /** @param json Micronaut's mapper; read strictly here (no trailing text, no key twice), as Bolt's Gson reads */
    SlackRequestCheck(ObjectMapper json, String command, SlackRequestParser parser) {
        this.parser = parser;
        this.json = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.command = command;
    }

    Verdict check(String contentType, byte[] body) {
        String type = mediaType(contentType);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return new Refuse(400, "the body is not UTF-8");
        }
        Verdict verdict = switch (type) {
            case JSON -> events(text);
            case FORM -> form(text);
            default -> new Refuse(415, "content type is neither a form nor JSON");
        };
        if (verdict instanceof Run run) {
            // Bolt's request classes read more than the handlers do (the first authorization's team, say): a body
            // they cannot build a request from is refused here, not failed on in the handler's thread
            try {
                if (parser.parse(SlackRequestParser.HttpRequest.builder().requestUri("/slack/events")
                        .headers(new RequestHeaders(Map.of("Content-Type", List.of(type))))
                        .requestBody(text).build()) == null) {
                    return new Refuse(400, run.reason() + " that Bolt cannot place");
                }
            } catch (RuntimeException e) {
                return new Refuse(400, run.reason() + " that Bolt cannot read");
            }
        }
        return verdict;
    }

    private Verdict events(String text) {
        JsonNode root = parse(text);
        if (root == null || !root.isObject()) {
            return new Refuse(400, "the body is not a JSON object");
        }
        String type = text(root, "type");
        if (type == null) {
            return new Refuse(400, "the event has no type");
        }
        return switch (type) {
            case "url_verification" -> text(root, "challenge") == null
                    ? new Refuse(400, "url_verification without a challenge") : new Run("url_verification");
            case "app_rate_limited" -> new Ignore("app_rate_limited");
            case "event_callback" -> event(root);
            default -> new Refuse(400, "an Events API body of an unknown type");
        };
    }

    private Verdict event(JsonNode root) {
        JsonNode event = root.get("event");
        if (event == null || !event.isObject()) {
            return new Refuse(400, "event_callback without an event object");
        }
        String type = text(event, "type");
        if (type == null) {
            return new Refuse(400, "an event without a type");
        }
        if (!type.equals("app_mention")) {
            return new Ignore("an event Caretaker does not use");
        }
        if (blank(text(root, "event_id")) || blank(text(event, "user")) || blank(text(event, "channel"))
                || text(event, "text") == null || !optionalText(event, "thread_ts")) {
            return new Refuse(400, "an app_mention without event_id, user, channel or text");
        }
        return bound(root.toString(), AppMentionPayload.class, "app_mention");
    }

    private Verdict form(String text) {
        Map<String, String> fields = decodeForm(text);
        if (fields == null) {
            return new Refuse(400, "the form cannot be decoded");
        }
        if (fields.containsKey("payload")) {
            // Bolt reads a payload only as the first field; anything else would be read two ways
            if (!text.startsWith("payload=")) {
                return new Refuse(400, "a payload that is not the first form field");
            }
            return interaction(fields.get("payload"));
        }
        if ("1".equals(fields.get("ssl_check"))) {
            return new Ignore("ssl_check");
        }
        if (text.startsWith("{")) {
            return new Refuse(400, "JSON sent as a form");
        }
        if (!command.equals(fields.get("command"))) {
            return new Refuse(400, fields.containsKey("command") ? "a slash command of another name" : "a form without a command");
        }
        for (String required : new String[]{"user_id", "channel_id", "trigger_id", "response_url"}) {
            if (blank(fields.get(required))) {
                return new Refuse(400, "a slash command without " + required);
            }
        }
        return new Run("slash command");
    }

    private Verdict interaction(String payload) {
        JsonNode root = parse(payload);
        if (root == null || !root.isObject()) {
            return new Refuse(400, "an interactivity payload that is not a JSON object");
        }
        String type = text(root, "type");
        if (type == null) {
            return new Refuse(400, "an interactivity payload without a type");
        }
        if (UNUSED_INTERACTIONS.contains(type)) {
            return new Ignore("interactivity Caretaker never asks for");
        }
        if (!type.equals("block_actions")) {
            return new Refuse(400, "interactivity of an unknown type");
        }
        JsonNode actions = root.get("actions");
        if (actions == null || !actions.isArray() || actions.isEmpty() || !actions.get(0).isObject()
                || blank(text(actions.get(0), "action_id")) || !optionalText(actions.get(0), "value")) {
            return new Refuse(400, "block_actions without an action");
        }
        if (!text(actions.get(0), "action_id").startsWith("caretaker.")) {
            // a link button, or another app's element in the same message: acknowledged so Slack shows no error
            return new Ignore("a click on something that is not a Caretaker button");
        }
        JsonNode user = root.get("user");
        JsonNode container = root.get("container");
        JsonNode channel = root.get("channel");
        if (user == null || !user.isObject() || blank(text(user, "id")) || !optionalText(user, "name")) {
            return new Refuse(400, "block_actions without a user");
        }
        if (container == null || !container.isObject() || !optionalText(container, "message_ts")
                || (container.has("is_ephemeral") && !container.get("is_ephemeral").isBoolean())) {
            return new Refuse(400, "block_actions without a container");
        }
        boolean channelId = channel != null && channel.isObject() && !blank(text(channel, "id"));
        if (!channelId && blank(text(container, "channel_id"))) {
            return new Refuse(400, "block_actions without a channel");
        }
        if (blank(text(root, "response_url"))) {
            return new Refuse(400, "block_actions without response_url");
        }
        return bound(payload, BlockActionPayload.class, "block_actions");
    }

    /**
     * Binds the payload as Bolt will, so a field of a type its binding refuses anywhere in it (an object where a
     * timestamp belongs, say) is a 400 here rather than a failure inside the handler.
     */
    private Verdict bound(String payload, Class<?> type, String what) {
        try {
            GSON.fromJson(payload, type);
            return new Run(what);
        } catch (RuntimeException e) {
            return new Refuse(400, what + " with a field of the wrong type");
        }
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(text);
            return node != null && depth(node, 0) <= MAX_DEPTH ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static int depth(JsonNode node, int at) {
        if (at > MAX_DEPTH) {
            return at;
        }
        int max = at;
        for (JsonNode child : node) {
            max = Math.max(max, depth(child, at + 1));
            if (max > MAX_DEPTH) {
                break;
            }
        }
        return max;
    }

    /** A form's fields; null when one is malformed or named twice (two readers could take different ones). */
    static Map<String, String> decodeForm(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return fields;
        }
        for (String pair : text.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (fields.putIfAbsent(name, value) != null) {
                return null;
            }
        }
        return fields;
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** The field as text; null when it is missing or not text (Bolt's Gson would turn a number or object into text). */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** Missing, null or text: what an optional field may be. */
    private static boolean optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isTextual();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
