package dev.caretaker.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The webhook body bound to records: a captured notification reads whole, each bad shape gets its one sentence. */
class AlertmanagerPayloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String problem(String body) {
        return assertThrows(IllegalArgumentException.class, () -> AlertmanagerPayload.parse(JSON, body)).getMessage();
    }

    @Test
    void aCapturedNotificationIsReadWhole() throws Exception {
        String body = AlertmanagerIntakeTest.fixture("firing-single.json");
        AlertmanagerPayload p = AlertmanagerPayload.parse(JSON, body);
        assertEquals("firing", p.status());
        assertEquals(1, p.alerts().size());
        AlertmanagerPayload.Alert a = p.alerts().getFirst();
        assertEquals("firing", a.status());
        assertEquals(p.commonLabels().get("alertname"), a.name());
        assertEquals(Instant.class, a.startsAt().getClass());
        assertNull(a.endsAt(), "Alertmanager's zero time means: not ended");
    }

    @Test
    void eachBadShapeGetsOneSentence() {
        assertEquals("The body is not JSON; send Alertmanager's webhook payload (version 4).", problem("alerts!"));
        assertEquals("The body is not JSON; send Alertmanager's webhook payload (version 4).", problem("[1]"));
        assertEquals("The payload has version `3`; Caretaker reads Alertmanager webhook version 4.",
                problem("{\"version\":\"3\",\"alerts\":[]}"));
        assertEquals("The payload has no `alerts` list; send Alertmanager's webhook payload (version 4).",
                problem("{\"version\":\"4\",\"alerts\":\"none\"}"));
        assertEquals("The payload's `groupLabels` has the wrong type; send Alertmanager's webhook payload (version 4).",
                problem("{\"version\":4,\"groupLabels\":[\"a\"],\"alerts\":[{}]}"));
        assertEquals("Alert 2 of the payload is not an object.",
                problem("{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"a\":\"b\"}},7]}"));
        assertEquals("Alert 1 of the payload has `labels` of the wrong type.",
                problem("{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":[\"a\"]}]}"));
        assertEquals("Alert 1 of the payload has status `open`; expected firing or resolved.",
                problem("{\"version\":\"4\",\"alerts\":[{\"status\":\"open\",\"labels\":{\"a\":\"b\"}}]}"));
        assertEquals("Alert 1 of the payload has no labels.",
                problem("{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\"}]}"));
        assertEquals("Alert 1 of the payload has `startsAt` that is not an RFC 3339 time.",
                problem("{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"a\":\"b\"},\"startsAt\":\"today\"}]}"));
    }

    @Test
    void labelsWithoutAFingerprintAreIdentifiedByTheirSet() {
        String body = "{\"version\":\"4\",\"alerts\":[{\"status\":\"resolved\",\"labels\":{\"b\":\"2\",\"a\":\"1\"}}]}";
        AlertmanagerPayload.Alert a = AlertmanagerPayload.parse(JSON, body).alerts().getFirst();
        assertEquals(Integer.toHexString(new java.util.TreeMap<>(Map.of("a", "1", "b", "2")).toString().hashCode()),
                a.fingerprint());
    }
}
