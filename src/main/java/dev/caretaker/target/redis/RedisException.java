package dev.caretaker.target.redis;

import java.util.Objects;

/**
 * A Redis call that did not work, classified so the caller can say what happened in one sentence. It carries no
 * server or client text: only the {@link Kind}, and for {@link Kind#OTHER} the server's error code ({@code ERR},
 * {@code WRONGTYPE}), so nothing a driver put in a message (an address, a password) can reach a reply or a log.
 */
public final class RedisException extends Exception {

    /** Why a call failed, as users would tell the cases apart. */
    public enum Kind {
        /** Nothing answered at the address (refused, unknown host, connect timeout, TLS handshake). */
        UNREACHABLE,
        /** The server refused the username or password, or wants one and got none. */
        AUTH,
        /** The database number does not exist on the server. */
        NO_SUCH_DATABASE,
        /** The ACL user may not run the command. */
        PERMISSION,
        /** The call took longer than the command timeout. */
        TIMEOUT,
        /** The connection broke during the call. */
        CONNECTION_LOST,
        /** The server runs in cluster mode, which needs Lettuce's cluster client. */
        CLUSTER,
        /** Anything else the server answered with an error. */
        OTHER
    }

    private final String target;
    private final Kind kind;
    private final String code;

    public RedisException(String target, Kind kind, String code) {
        super(target + ": " + kind + (code == null || code.isEmpty() ? "" : " (" + code + ")"));
        this.target = Objects.requireNonNull(target, "target");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.code = code == null ? "" : code;
    }

    public String target() {
        return target;
    }

    public Kind kind() {
        return kind;
    }

    /** The server's error code for {@link Kind#OTHER} (its first word, e.g. {@code ERR}); empty otherwise. */
    public String code() {
        return code;
    }

    /** The one sentence a user reads. */
    public String sentence(RedisSettings settings) {
        return RedisMessages.failure(this, settings);
    }
}
