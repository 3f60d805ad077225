package dev.caretaker.probe;

import dev.caretaker.command.Durations;
import dev.caretaker.target.TargetMessages;
import dev.caretaker.target.TargetSpec;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the probe settings of one target ({@code interval}, {@code timeout}, {@code warn}, {@code critical}, …)
 * with one plain sentence for a value that cannot be used.
 */
public final class ProbeSettings {

    private final TargetSpec spec;

    public ProbeSettings(TargetSpec spec) {
        this.spec = spec;
    }

    public TargetSpec spec() {
        return spec;
    }

    public Optional<String> string(String key) {
        return spec.string(key);
    }

    public String required(String key) {
        return spec.string(key).orElseThrow(() -> new IllegalArgumentException(ProbeMessages.probeSettingMissing(key)));
    }

    public Duration duration(String key, Duration fallback) {
        Optional<String> text = spec.string(key);
        if (text.isEmpty()) {
            return fallback;
        }
        return parseDuration(text.get()).orElseThrow(() -> new IllegalArgumentException(TargetMessages.settingNotDuration(key)));
    }

    /** {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 250ms} or ISO-8601 {@code PT30S}. */
    public static Optional<Duration> parseDuration(String text) {
        String t = text.strip();
        if (t.matches("\\d{1,9}ms")) {
            return Optional.of(Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2))));
        }
        if (t.startsWith("PT") || t.startsWith("pt")) {
            try {
                return Optional.of(Duration.parse(t.toUpperCase(java.util.Locale.ROOT)));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Durations.parse(t);
    }

    public Double number(String key, Double fallback) {
        Optional<String> text = spec.string(key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return Double.parseDouble(text.get().replace("%", "").strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ProbeMessages.probeSettingNotNumber(key));
        }
    }

    public int integer(String key, int fallback) {
        return spec.integer(key, fallback);
    }

    /** A setting that must be an absolute URL. */
    public URI uri(String key) {
        String text = required(key);
        try {
            URI u = URI.create(text);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException(ProbeMessages.settingNotUrl(key));
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ProbeMessages.settingNotUrl(key), e);
        }
    }

    /** Where to connect: {@code url}, or {@code host} and {@code port} ({@code defaultPort} when it has none, -1 for none). */
    public HostPort hostPort(int defaultPort) {
        if (string("url").isPresent()) {
            URI u = uri("url");
            int port = u.getPort() > 0 ? u.getPort() : defaultPort;
            if (u.getHost() == null || port <= 0) {
                throw new IllegalArgumentException(ProbeMessages.probeNeedsHostPort());
            }
            return new HostPort(u.getHost(), port);
        }
        String host = string("host").orElseThrow(() -> new IllegalArgumentException(ProbeMessages.probeNeedsHostPort()));
        int port = integer("port", defaultPort);
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException(ProbeMessages.probeNeedsHostPort());
        }
        return new HostPort(host, port);
    }

    /** A host and a port to connect to. */
    public record HostPort(String host, int port) {
    }

    /** {@code warn} and {@code critical}, falling back to the given defaults. */
    public Thresholds thresholds(Double warn, Double critical, boolean lowerIsWorse) {
        return new Thresholds(number("warn", warn), number("critical", critical), lowerIsWorse);
    }
}
