package dev.caretaker.alert;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.reliability.Ledger;
import dev.caretaker.support.Mutants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

/**
 * Alertmanager notifications, mutated from the captured ones and fuzzed: {@link AlertmanagerPayload#parse} answers a
 * payload or one plain sentence (the 400's body), never another exception or a sentence quoting Java.
 */
class AlertmanagerPayloadFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EXAMPLES = 400;
    private static final AtomicInteger FUZZED = new AtomicInteger();

    @Test
    void mutatedNotificationsParseOrGetOneSentence() {
        AtomicInteger parsed = new AtomicInteger();
        long seed = 18_0001L;
        for (String fixture : List.of("firing-single.json", "firing-grouped.json", "resolved-single.json")) {
            qt().withFixedSeed(seed++).withExamples(EXAMPLES).forAll(Mutants.of(fixture(fixture)))
                    .checkAssert(m -> {
                        if (parsesOrExplains(m.toString())) {
                            parsed.incrementAndGet();
                        }
                    });
        }
        assertTrue(parsed.get() > 0, "some mutants are still notifications");
        Ledger.record(Ledger.Promise.INPUT, "Alertmanager notifications, mutated: a payload or one sentence",
                AlertmanagerPayloadFuzzTest.class, 3L * EXAMPLES, 0, 3L * EXAMPLES, 0);
    }

    /** Replayed from the committed corpus in {@code mvn verify}. */
    @FuzzTest
    void anyBody(byte[] body) {
        FUZZED.incrementAndGet();
        parsesOrExplains(new String(body, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void record() {
        Ledger.record(Ledger.Promise.INPUT, "Alertmanager notifications on the fuzz corpus",
                AlertmanagerPayloadFuzzTest.class, FUZZED.get(), 0, FUZZED.get(), 0);
    }

    /** True when it parsed; a refusal must be one plain sentence. */
    private static boolean parsesOrExplains(String body) {
        try {
            AlertmanagerPayload.parse(JSON, body);
            return true;
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            assertTrue(m != null && !m.isBlank() && m.length() < 400, "one sentence: " + m);
            assertFalse(m.contains("\n"), m);
            for (String leak : List.of("Exception", "java.", "com.fasterxml", "Cannot ", "because", "Unrecognized",
                    "dev.caretaker")) {
                assertFalse(m.contains(leak), "'" + leak + "' in " + m);
            }
            return false;
        }
    }

    static JsonNode fixture(String name) {
        try (InputStream in = AlertmanagerPayloadFuzzTest.class.getResourceAsStream("/fixtures/alertmanager/" + name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
