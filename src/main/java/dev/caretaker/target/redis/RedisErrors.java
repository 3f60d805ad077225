package dev.caretaker.target.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;

import java.util.Locale;
import java.util.regex.Pattern;

/** Classifies Lettuce failures into {@link RedisException.Kind}s; the one place that reads Redis error texts. */
final class RedisErrors {

    /** A Redis error reply starts with an upper-case code: ERR, WRONGPASS, NOPERM, WRONGTYPE, … */
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z_]{1,20}");

    private RedisErrors() {
    }

    /** A failure while connecting (handshake included: AUTH, SELECT). */
    static RedisException connecting(String target, Throwable e) {
        RedisException known = fromServer(target, e);
        return known != null ? known : new RedisException(target, RedisException.Kind.UNREACHABLE, "");
    }

    /** A connect that failed inside Lettuce's handshake handler rather than with an answer or a network error. */
    static boolean lostTheHandshakeRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RedisCommandExecutionException) {
                return false;
            }
            if (t instanceof IllegalStateException) {
                return true;
            }
        }
        return false;
    }

    /** A failure while running a command on a connection that was open. */
    static RedisException running(String target, Throwable e) {
        if (e instanceof RedisCommandInterruptedException) {
            Thread.currentThread().interrupt();
            return new RedisException(target, RedisException.Kind.TIMEOUT, "");
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RedisCommandTimeoutException) {
                return new RedisException(target, RedisException.Kind.TIMEOUT, "");
            }
        }
        RedisException known = fromServer(target, e);
        if (known != null) {
            return known;
        }
        return new RedisException(target, RedisException.Kind.CONNECTION_LOST, "");
    }

    /** The server's own error reply anywhere in the cause chain, classified; null when there is none. */
    private static RedisException fromServer(String target, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RedisCommandTimeoutException) {
                return new RedisException(target, RedisException.Kind.TIMEOUT, "");
            }
            if (t instanceof RedisCommandExecutionException && t.getMessage() != null) {
                return classify(target, t.getMessage());
            }
        }
        return null;
    }

    static RedisException classify(String target, String reply) {
        String upper = reply.toUpperCase(Locale.ROOT);
        if (upper.startsWith("WRONGPASS") || upper.startsWith("NOAUTH") || upper.contains("INVALID PASSWORD")
                || upper.contains("INVALID USERNAME-PASSWORD") || upper.contains("AUTH <PASSWORD> CALLED WITHOUT")) {
            return new RedisException(target, RedisException.Kind.AUTH, "");
        }
        if (upper.contains("DB INDEX IS OUT OF RANGE") || upper.contains("INVALID DB INDEX")) {
            return new RedisException(target, RedisException.Kind.NO_SUCH_DATABASE, "");
        }
        if (upper.startsWith("NOPERM")) {
            return new RedisException(target, RedisException.Kind.PERMISSION, "");
        }
        if (upper.startsWith("MOVED") || upper.startsWith("CLUSTERDOWN") || upper.contains("SELECT IS NOT ALLOWED IN CLUSTER")) {
            return new RedisException(target, RedisException.Kind.CLUSTER, "");
        }
        String first = reply.strip().split("\\s+", 2)[0];
        return new RedisException(target, RedisException.Kind.OTHER, CODE.matcher(first).matches() ? first : "");
    }
}
