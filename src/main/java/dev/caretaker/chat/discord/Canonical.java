package dev.caretaker.chat.discord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** JSON with object keys sorted, so equal content always gives equal bytes (for hashes). */
final class Canonical {

    private Canonical() {
    }

    /** @param mapper Micronaut's object mapper; keys are sorted by a writer of its own, the mapper is not changed */
    static byte[] json(ObjectMapper mapper, byte[] json) {
        try {
            return mapper.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsBytes(mapper.readValue(json, Map.class));
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON object", e);
        }
    }
}
