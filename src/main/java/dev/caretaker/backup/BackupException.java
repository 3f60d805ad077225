package dev.caretaker.backup;

/**
 * A backup, verification, prune or restore that could not be done. The message is the one sentence users read (from
 * {@link BackupMessages}, never a password or a stack trace); the cause, if any, goes to the log only.
 */
public final class BackupException extends Exception {

    public BackupException(String sentence) {
        super(sentence);
    }

    public BackupException(String sentence, Throwable cause) {
        super(sentence, cause);
    }
}
