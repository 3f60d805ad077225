package dev.caretaker.command;

/** A command line that cannot be understood; the message is one sentence for the user, with the usage. */
public final class UsageException extends Exception {

    private final transient CommandSpec command;

    public UsageException(String message) {
        this(message, null);
    }

    public UsageException(String message, CommandSpec command) {
        super(message, null, false, false);
        this.command = command;
    }

    /** The command the user meant, when the error is about its arguments. */
    public CommandSpec command() {
        return command;
    }
}
