package dev.caretaker.store;

/**
 * Published when messages were added to the outbox; a listener that waits for the commit
 * ({@code @TransactionalEventListener}) wakes the notifier of this replica.
 */
public record OutboxWritten(int messages) {
}
