package dev.caretaker.alert;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertsSettingsTest {

    @Test
    void theAlertmanagerTokenIsNeverPrintedWithTheSettings() {
        AlertsSettings settings = new AlertsSettings("am-token-3f9c", "http://127.0.0.1:9093", 3, 2, Duration.ZERO,
                Duration.ofHours(1), Duration.ofMinutes(30));
        assertFalse(settings.toString().contains("am-token-3f9c"), settings.toString());
        assertTrue(settings.toString().contains("token=configured"), settings.toString());
    }
}
