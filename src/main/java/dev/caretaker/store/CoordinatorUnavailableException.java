package dev.caretaker.store;

/**
 * The coordinator could not be used: at start, {@code REDIS_URI} is malformed or nothing answers there; mid-run,
 * Redis is lost and PostgreSQL, which answers for it then, did not answer either ({@link #midRun}).
 * {@code address} is safe to show (no password); it is null when the URI could not be read at all.
 */
public final class CoordinatorUnavailableException extends RuntimeException {

    private final transient String address;

    public CoordinatorUnavailableException(String address, Throwable cause) {
        this(address == null ? "REDIS_URI is not a valid Redis URI" : "Redis at " + address + " did not answer", address,
                cause);
    }

    private CoordinatorUnavailableException(String message, String address, Throwable cause) {
        super(message, cause);
        this.address = address;
    }

    /** Redis at {@code address} is lost and PostgreSQL did not answer in its place either. */
    public static CoordinatorUnavailableException midRun(String address, Throwable cause) {
        return new CoordinatorUnavailableException("neither Redis at " + address + " nor PostgreSQL answered", address,
                cause);
    }

    /** {@code redis://host:port}, or null when the URI is malformed. */
    public String address() {
        return address;
    }
}
