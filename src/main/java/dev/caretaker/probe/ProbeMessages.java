package dev.caretaker.probe;

import java.time.Duration;

import static dev.caretaker.reply.Format.humanPrecise;

/** Sentences of probe settings and of probes that time out or fail. */
public final class ProbeMessages {

    private ProbeMessages() {
    }

    static String probeSettingMissing(String key) {
        return "`" + key + "` is required for this target type";
    }

    static String probeSettingNotNumber(String key) {
        return "`" + key + "` must be a number like 80 or 0.05";
    }

    static String settingNotUrl(String key) {
        return "`" + key + "` must be a full URL like https://example.com/health";
    }

    static String probeDurationsPositive() {
        return "`interval` and `timeout` must be longer than zero";
    }

    static String probeNeedsHostPort() {
        return "it needs `host` and `port` (1 to 65535), or a `url`";
    }

    public static String prometheusNeedsLevel() {
        return "a prometheus target needs `query` and a `warn` or `critical` level for its value";
    }

    static String probeTimedOut(Duration timeout) {
        return "No answer within " + humanPrecise(timeout) + ".";
    }

    static String probeCrashed(String errorType) {
        return "The check itself failed (" + errorType + "); see the Caretaker log.";
    }
}
