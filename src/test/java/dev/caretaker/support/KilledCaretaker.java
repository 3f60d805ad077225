package dev.caretaker.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Path;

/**
 * Run as a separate JVM by tests: starts an embedded PostgreSQL on a data directory, then dies at once
 * without any shutdown, as a {@code kill -9} of Caretaker would, leaving the postmaster running.
 */
public final class KilledCaretaker {

    private KilledCaretaker() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres.builder().setDataDirectory(Path.of(args[0])).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).start();
        System.out.println("started");
        Runtime.getRuntime().halt(9);
    }
}
