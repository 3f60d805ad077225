package dev.caretaker.target.redis;

import dev.caretaker.command.Durations;
import dev.caretaker.target.TargetSpec;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The settings of one {@code redis} target: where it is ({@code uri}: {@code redis://}, {@code rediss://} for TLS,
 * {@code redis-sentinel://}), who logs in ({@code username}, {@code password}, or in the URI), which database, and
 * the timeouts that bound every call. The password never appears in {@link #toString()}.
 *
 * @param scanCount how many keys one {@code SCAN} step looks at, and the most one {@code UNLINK} removes
 */
public record RedisSettings(RedisURI uri, Duration connectTimeout, Duration commandTimeout, int scanCount,
                            Duration progressInterval, Optional<Path> tlsCaFile) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_SCAN_COUNT = 1000;
    /** Keys this target reads; the probe and alert keys are read by their own settings. */
    static final List<String> KEYS = List.of("type", "uri", "username", "password", "database", "connect-timeout",
            "command-timeout", "scan-count", "progress-interval", "tls-ca-file", "verify-peer");
    /** The probe and alert rule settings every target may carry. */
    static final List<String> PROBE_KEYS = List.of("interval", "timeout", "warn", "critical", "failures", "recoveries",
            "for", "memory-warn", "memory-critical", "hit-rate-warn", "hit-rate-critical", "evictions-warn",
            "evictions-critical");

    /**
     * Reads the settings of a {@code redis} target.
     *
     * @throws IllegalArgumentException with a phrase (from {@link RedisMessages}) naming the bad key
     */
    public static RedisSettings from(TargetSpec spec) {
        String text = spec.string("uri").orElseThrow(() -> new IllegalArgumentException(
                spec.string("url").isPresent() ? RedisMessages.uriNotUrl() : RedisMessages.uriMissing()));
        RedisURI parsed;
        try {
            parsed = RedisURI.create(text);
        } catch (RuntimeException e) {
            // the text may hold a password: the phrase never quotes it
            throw new IllegalArgumentException(RedisMessages.uriInvalid());
        }
        if (parsed.getSocket() != null) {
            throw new IllegalArgumentException(RedisMessages.uriInvalid());
        }
        Optional<String> username = spec.string("username");
        Optional<String> password = spec.string("password");
        if (username.isPresent() && password.isEmpty()) {
            throw new IllegalArgumentException(RedisMessages.usernameNeedsPassword());
        }
        RedisURI uri = password.isEmpty() ? parsed : username.isPresent()
                ? RedisURI.builder(parsed).withAuthentication(username.get(), password.get().toCharArray()).build()
                : RedisURI.builder(parsed).withPassword(password.get().toCharArray()).build();
        Optional<String> db = spec.string("database");
        if (db.isPresent()) {
            try {
                int n = Integer.parseInt(db.get());
                if (n < 0) {
                    throw new NumberFormatException();
                }
                uri.setDatabase(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(RedisMessages.databaseNotNumber());
            }
        }
        Duration connect = duration(spec, "connect-timeout", DEFAULT_CONNECT_TIMEOUT);
        Duration command = duration(spec, "command-timeout", DEFAULT_COMMAND_TIMEOUT);
        if (connect.isZero() || command.isZero()) {
            throw new IllegalArgumentException(RedisMessages.timeoutsPositive());
        }
        uri.setTimeout(command);
        Optional<String> verify = spec.string("verify-peer");
        if (verify.isPresent()) {
            try {
                uri.setVerifyPeer(SslVerifyMode.valueOf(verify.get().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(RedisMessages.verifyPeerUnknown());
            }
        }
        Optional<Path> ca = spec.string("tls-ca-file").map(Path::of);
        if (ca.isPresent() && !Files.isReadable(ca.get())) {
            throw new IllegalArgumentException(RedisMessages.caFileUnreadable(ca.get().toString()));
        }
        int scanCount = spec.integer("scan-count", DEFAULT_SCAN_COUNT, RedisMessages::notNumber);
        if (scanCount < 10 || scanCount > 100_000) {
            throw new IllegalArgumentException(RedisMessages.scanCountRange());
        }
        return new RedisSettings(uri, connect, command, scanCount,
                duration(spec, "progress-interval", Duration.ofSeconds(1)), ca);
    }

    /** True for {@code rediss://} and sentinel URIs with TLS. */
    public boolean tls() {
        return uri.isSsl();
    }

    /** The database number this target works in (0 unless the URI or {@code database} says otherwise). */
    public int database() {
        return uri.getDatabase();
    }

    /** Where it is, for people: host and port (or the sentinels), with no credentials. */
    public String where() {
        if (!uri.getSentinels().isEmpty()) {
            return "sentinel " + uri.getSentinelMasterId() + " via " + String.join(",", uri.getSentinels().stream()
                    .map(s -> s.getHost() + ":" + s.getPort()).toList());
        }
        return uri.getHost() + ":" + uri.getPort();
    }

    private static Duration duration(TargetSpec spec, String key, Duration fallback) {
        Optional<String> text = spec.string(key);
        if (text.isEmpty()) {
            return fallback;
        }
        String t = text.get();
        if (t.matches("\\d{1,9}ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        return Durations.parse(t).orElseThrow(() -> new IllegalArgumentException(RedisMessages.notDuration(key)));
    }

    @Override
    public String toString() {
        return "RedisSettings[" + (tls() ? "tls " : "") + where() + "/" + database() + ", password=****]";
    }
}
