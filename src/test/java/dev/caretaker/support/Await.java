package dev.caretaker.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a positive signal: polls a condition until it holds, failing the test with what it waited for. */
public final class Await {

    private static final long POLL_MS = 20;

    private Await() {
    }

    /** Polls every 20 ms until {@code condition} holds; an {@link AssertionError} naming {@code what} after {@code max}. */
    public static void until(Duration max, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + max.toMillis() + " ms waiting until " + what);
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            }
        }
    }
}
