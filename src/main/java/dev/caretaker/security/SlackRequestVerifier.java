package dev.caretaker.security;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Checks Slack's v0 request signature: HMAC-SHA256 over {@code v0:{timestamp}:{raw body}} with the
 * signing secret, compared in constant time, with the timestamp no further than five minutes from now
 * in either direction (a replayed or pre-signed request fails).
 */
public final class SlackRequestVerifier {

    /** How far the request timestamp may be from our clock, in the past or the future. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private static final String VERSION = "v0";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Clock clock;

    public SlackRequestVerifier(Secret signingSecret, Clock clock) {
        Objects.requireNonNull(signingSecret, "signingSecret");
        this.key = new SecretKeySpec(signingSecret.reveal().getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Why a request was refused; {@link #OK} when it was not. Never contains the body or the secret. */
    public enum Result {
        OK, MISSING_HEADERS, BAD_TIMESTAMP, STALE_TIMESTAMP, BAD_SIGNATURE
    }

    /**
     * Verifies one request.
     *
     * @param timestamp the {@code X-Slack-Request-Timestamp} header (seconds since the epoch)
     * @param signature the {@code X-Slack-Signature} header ({@code v0=<hex>})
     * @param rawBody   the body bytes exactly as received
     */
    public Result verify(String timestamp, String signature, byte[] rawBody) {
        if (timestamp == null || signature == null || rawBody == null) {
            return Result.MISSING_HEADERS;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Result.BAD_TIMESTAMP;
        }
        // compared as seconds: a timestamp past Instant's range (a forged 9223372036854775807) is merely stale
        long now = clock.instant().getEpochSecond();
        if (seconds < now - MAX_SKEW.toSeconds() || seconds > now + MAX_SKEW.toSeconds()) {
            return Result.STALE_TIMESTAMP;
        }
        byte[] expected = sign(timestamp.trim(), rawBody).getBytes(StandardCharsets.UTF_8);
        byte[] given = signature.trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given) ? Result.OK : Result.BAD_SIGNATURE;
    }

    /** The {@code v0=<hex>} signature Slack would send for this timestamp and body; tests and the bench use it. */
    public String sign(String timestamp, byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            mac.update(rawBody);
            return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is mandatory in every JRE; reaching this means a broken runtime.
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
