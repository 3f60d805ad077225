package dev.caretaker.pipeline;

import dev.caretaker.security.Redactor;

/**
 * A copy of a failure for the log with every message passed through the {@link Redactor}: the stack frames
 * and the chain of causes stay, so the log still shows where it broke, but a secret in a message does not.
 */
final class RedactedFailure extends RuntimeException {

    /** Causes deeper than this add nothing a reader needs, and a cycle must end somewhere. */
    private static final int MAX_DEPTH = 16;

    private RedactedFailure(String message, StackTraceElement[] trace, Throwable cause) {
        super(message, cause, false, true);
        setStackTrace(trace);
    }

    static Throwable of(Throwable failure, Redactor redactor) {
        return copy(failure, redactor, 0);
    }

    private static Throwable copy(Throwable t, Redactor redactor, int depth) {
        if (t == null || depth >= MAX_DEPTH) {
            return null;
        }
        Throwable cause = t.getCause() == t ? null : copy(t.getCause(), redactor, depth + 1);
        String message = t.getMessage() == null ? t.getClass().getName()
                : t.getClass().getName() + ": " + redactor.redact(t.getMessage());
        return new RedactedFailure(message, t.getStackTrace(), cause);
    }

    @Override
    public String toString() {
        // The original type leads the message already; the wrapper's own name would only add noise.
        return getMessage();
    }
}
