package dev.caretaker.server;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code caretaker.health.*}: who may read the details of {@code /health}.
 *
 * @param token the bearer token that shows each component's details; without it, {@code /health} says UP or DOWN only
 */
@ConfigurationProperties("caretaker.health")
public record HealthSettings(@Nullable String token) {

    /** Never the token itself: a settings record may be logged. */
    @Override
    public String toString() {
        return "HealthSettings[token=" + (token == null || token.isBlank() ? "unset" : "****") + "]";
    }
}
