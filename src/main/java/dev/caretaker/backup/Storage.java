package dev.caretaker.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where backup objects live: a local directory or an S3-compatible bucket. Objects are written as a stream and only
 * become visible when {@link Upload#commit()} succeeds, so a failed backup never leaves a half-written object.
 */
public interface Storage {

    /** The storage's name in config. */
    String name();

    /** Where it is, for people ({@code /var/backups}, {@code s3://bucket/prefix}); never a credential. */
    String describe();

    /** Starts writing an object; nothing is visible under {@code key} until the upload commits. */
    Upload create(String key) throws IOException;

    /** Reads an object as a stream. */
    InputStream open(String key) throws IOException;

    /** Deletes an object; deleting one that is not there is not an error. */
    void delete(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** An object being written. Closing an upload that was not committed abandons it. */
    interface Upload extends AutoCloseable {

        /** Where the bytes go; writes may block while a part is sent. */
        OutputStream stream();

        /** Makes the object visible under its key. */
        void commit() throws IOException;

        /** Throws away what was written; never throws. */
        void abort();

        @Override
        default void close() {
            abort();
        }
    }
}
