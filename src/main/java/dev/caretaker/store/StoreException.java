package dev.caretaker.store;

/** The database did not do what was asked; the message names the operation. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
