package dev.caretaker.security;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SlackRequestVerifierTest {

    // Slack's published signing example, copied from the shared fixtures so the test is hermetic.
    private static final String FIXTURE = "/fixtures/slack/slash-command-signed.txt";
    static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String TIMESTAMP = "1531420618";
    static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static byte[] body() throws IOException {
        List<String> lines;
        try (InputStream in = SlackRequestVerifierTest.class.getResourceAsStream(FIXTURE)) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        String body = lines.get(lines.indexOf("body (one line, exactly these bytes):") + 1);
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static SlackRequestVerifier at(Instant now) {
        return new SlackRequestVerifier(Secret.of(SECRET), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Instant signedAt() {
        return Instant.ofEpochSecond(Long.parseLong(TIMESTAMP));
    }

    @Test
    void slacksExampleVerifiesWithTheClockFixed() throws IOException {
        assertEquals(SlackRequestVerifier.Result.OK, at(signedAt()).verify(TIMESTAMP, SIGNATURE, body()));
    }

    @Test
    void signReproducesSlacksExample() throws IOException {
        assertEquals(SIGNATURE, at(signedAt()).sign(TIMESTAMP, body()));
    }

    @Test
    void aChangedSignatureIsRefused() throws IOException {
        String bad = SIGNATURE.substring(0, SIGNATURE.length() - 1) + "4";
        assertEquals(SlackRequestVerifier.Result.BAD_SIGNATURE, at(signedAt()).verify(TIMESTAMP, bad, body()));
    }

    @Test
    void aChangedBodyIsRefused() throws IOException {
        byte[] body = body();
        body[body.length - 1] = 'x';
        assertEquals(SlackRequestVerifier.Result.BAD_SIGNATURE, at(signedAt()).verify(TIMESTAMP, SIGNATURE, body));
    }

    @Test
    void aRequestTenMinutesOldIsRefused() throws IOException {
        Instant now = signedAt().plus(Duration.ofMinutes(10));
        assertEquals(SlackRequestVerifier.Result.STALE_TIMESTAMP, at(now).verify(TIMESTAMP, SIGNATURE, body()));
    }

    @Test
    void aRequestTenMinutesInTheFutureIsRefused() throws IOException {
        Instant now = signedAt().minus(Duration.ofMinutes(10));
        assertEquals(SlackRequestVerifier.Result.STALE_TIMESTAMP, at(now).verify(TIMESTAMP, SIGNATURE, body()));
    }

    @Test
    void fiveMinutesEitherWayIsStillAccepted() throws IOException {
        assertEquals(SlackRequestVerifier.Result.OK,
                at(signedAt().plus(SlackRequestVerifier.MAX_SKEW)).verify(TIMESTAMP, SIGNATURE, body()));
        assertEquals(SlackRequestVerifier.Result.OK,
                at(signedAt().minus(SlackRequestVerifier.MAX_SKEW)).verify(TIMESTAMP, SIGNATURE, body()));
    }

    @Test
    void missingOrMalformedHeadersAreRefused() throws IOException {
        SlackRequestVerifier verifier = at(signedAt());
        assertEquals(SlackRequestVerifier.Result.MISSING_HEADERS, verifier.verify(null, SIGNATURE, body()));
        assertEquals(SlackRequestVerifier.Result.MISSING_HEADERS, verifier.verify(TIMESTAMP, null, body()));
        assertEquals(SlackRequestVerifier.Result.BAD_TIMESTAMP, verifier.verify("yesterday", SIGNATURE, body()));
    }

    @Test
    void aDifferentSecretIsRefused() throws IOException {
        SlackRequestVerifier other = new SlackRequestVerifier(Secret.of("another-secret"),
                Clock.fixed(signedAt(), ZoneOffset.UTC));
        assertEquals(SlackRequestVerifier.Result.BAD_SIGNATURE, other.verify(TIMESTAMP, SIGNATURE, body()));
    }
}
