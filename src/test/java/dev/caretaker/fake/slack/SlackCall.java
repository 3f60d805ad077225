package dev.caretaker.fake.slack;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;

/**
 * One request the fake received: a Web API method ({@code chat.postMessage}), {@code upload} for a file
 * upload URL, or {@code response_url} for a POST to a response URL.
 *
 * @param params form fields, or the top-level fields of a JSON body as text
 * @param json   the JSON body, or a JSON view of the form (with {@code blocks} parsed); never null
 * @param path   the request path (for a response URL, which one)
 */
public record SlackCall(String method, String path, Map<String, String> headers, Map<String, String> params,
                        JsonNode json, byte[] body, Instant at) {

    public String param(String name) {
        return params.get(name);
    }

    /** The text of a field of the JSON view, or null. */
    public String text(String field) {
        JsonNode n = json.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    public JsonNode blocks() {
        return json.path("blocks");
    }

    /** All text in the blocks and top-level {@code text}, for assertions on what users read. */
    public String allText() {
        StringBuilder out = new StringBuilder();
        if (json.hasNonNull("text")) {
            out.append(json.get("text").asText()).append('\n');
        }
        collect(json.path("blocks"), out);
        collect(json.path("attachments"), out);
        return out.toString();
    }

    private static void collect(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("text") && e.getValue().isTextual()) {
                    out.append(e.getValue().asText()).append('\n');
                } else {
                    collect(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }

    @Override
    public String toString() {
        return method + " " + json;
    }
}
