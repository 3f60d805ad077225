package dev.caretaker.chat.discord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** JSON with object keys sorted, so equal content always gives equal bytes (for hashes). */
final class Canonical {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Canonical() {
    }

    static byte[] json(byte[] json) {
        try {
            return JSON.writeValueAsBytes(JSON.readValue(json, Map.class));
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON object", e);
        }
    }
}
