package dev.caretaker.store;

import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.function.Supplier;

/**
 * Runs a feature's work in one Micronaut transaction, so a state change and the outbox messages that report it
 * commit together or not at all. The repositories called inside join it; nothing else needs to see a connection.
 */
@Singleton
public class Transactions {

    private final TransactionOperations<Connection> tx;

    public Transactions(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    /** Runs {@code work} in the caller's transaction, or in a new one that commits when it returns and rolls back when it throws. */
    public <R> R inTransaction(Supplier<R> work) {
        return tx.executeWrite(status -> work.get());
    }

    /** Like {@link #inTransaction(Supplier)}, for work that answers nothing. */
    public void inTransaction(Runnable work) {
        tx.executeWrite(status -> {
            work.run();
            return null;
        });
    }

    /** Runs {@code action} once the current transaction has committed (never after a rollback); at once outside one. */
    public void afterCommit(Runnable action) {
        tx.findTransactionStatus().ifPresentOrElse(status -> status.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        }), action);
    }
}
