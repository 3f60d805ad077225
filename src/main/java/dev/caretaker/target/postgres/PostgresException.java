package dev.caretaker.target.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * A PostgreSQL operation that did not work, classified so the caller can say what happened in one sentence:
 * {@link #kind()} is the reason, {@link #detail()} the server's own first line (never a password).
 */
public final class PostgresException extends Exception {

    /** Why an operation failed, as users would distinguish it. */
    public enum Kind {
        /** Could not connect or log in. */
        UNREACHABLE,
        /** Every connection Caretaker may open to the target is busy with other commands. */
        BUSY,
        /** The connection broke while the operation ran. */
        CONNECTION_LOST,
        /** The operation ran longer than its timeout and was stopped. */
        TIMEOUT,
        /** Someone else cancelled the statement. */
        CANCELLED,
        /** A lock could not be taken within the lock timeout. */
        LOCK_TIMEOUT,
        /** The database user lacks a privilege. */
        PERMISSION,
        /** A write was attempted inside a read-only transaction. */
        READ_ONLY,
        /** A named table, index or column does not exist. */
        NOT_FOUND,
        /** Anything else the server answered with an error. */
        OTHER
    }

    private final String target;
    private final Kind kind;
    private final String detail;
    private final Duration timeout;

    public PostgresException(String target, Kind kind, String detail, Duration timeout, Throwable cause) {
        super(target + ": " + kind + (detail == null ? "" : " (" + detail + ")"), cause);
        this.target = Objects.requireNonNull(target, "target");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.detail = detail == null ? "" : detail;
        this.timeout = timeout;
    }

    public static PostgresException notFound(String target, String name) {
        return new PostgresException(target, Kind.NOT_FOUND, name, null, null);
    }

    public String target() {
        return target;
    }

    public Kind kind() {
        return kind;
    }

    /** The server's message (first line) or the missing name; empty when there is nothing useful. */
    public String detail() {
        return detail;
    }

    /** The timeout that applied, for {@link Kind#TIMEOUT} and {@link Kind#LOCK_TIMEOUT}; may be null. */
    public Duration timeout() {
        return timeout;
    }
}
