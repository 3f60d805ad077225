package dev.caretaker.chat;

import java.time.Duration;
import java.util.Optional;

/** A platform did not take a message; {@code retryAfter} is set when it said when to try again (HTTP 429). */
public final class DeliveryException extends Exception {

    private final transient Duration retryAfter;
    private final boolean permanent;

    public DeliveryException(String message, Duration retryAfter, boolean permanent, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
        this.permanent = permanent;
    }

    public static DeliveryException retryable(String message, Throwable cause) {
        return new DeliveryException(message, null, false, cause);
    }

    public static DeliveryException rateLimited(String message, Duration retryAfter) {
        return new DeliveryException(message, retryAfter, false, null);
    }

    /** Retrying cannot help (unknown channel, bot not invited): the outbox gives up and logs it. */
    public static DeliveryException permanent(String message, Throwable cause) {
        return new DeliveryException(message, null, true, cause);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public boolean permanent() {
        return permanent;
    }
}
