package dev.caretaker.store;

/**
 * The configured Redis could not be used at start: {@code REDIS_URI} is malformed or nothing answers there.
 * {@code address} is safe to show (no password); it is null when the URI could not be read at all.
 */
public final class CoordinatorUnavailableException extends RuntimeException {

    private final transient String address;

    public CoordinatorUnavailableException(String address, Throwable cause) {
        super(address == null ? "REDIS_URI is not a valid Redis URI" : "Redis at " + address + " did not answer", cause);
        this.address = address;
    }

    /** {@code redis://host:port}, or null when the URI is malformed. */
    public String address() {
        return address;
    }
}
