package dev.caretaker.backup;

import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.PlainText;
import dev.caretaker.store.BackupCatalog;
import dev.caretaker.store.BackupRecord;
import dev.caretaker.store.EmbeddedPostgresLauncher;
import dev.caretaker.support.People;
import dev.caretaker.support.Postgres15;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded default (the tests' embedded PostgreSQL, of the bundled major 17) backed up with the PostgreSQL client
 * Debian offers here (15): one sentence naming the package to install, and nothing in the catalogue.
 */
class BackupClientVersionTest {

    @TempDir
    Path dir;

    private Outcome backupNow(ApplicationContext c) {
        return c.getBean(Dispatcher.class).dispatch(new CommandRequest(People.OPERATOR, SlackPlatform.channel("COPS"),
                "backup now", null));
    }

    @Test
    void theEmbeddedDefaultWithTheOlderClientNamesThePackageToInstall() {
        try (ApplicationContext c = TestContexts.start(Map.of("caretaker.backups.client-dir", Postgres15.BIN.toString(),
                "caretaker.backups.storages.local.type", "local", "caretaker.backups.storages.local.path", dir.toString(),
                "caretaker.probes.enabled", "false"))) {
            Outcome o = backupNow(c);
            assertInstanceOf(Outcome.Failed.class, o);
            String text = PlainText.render(o.reply()).strip();
            assertEquals(BackupMessages.clientTooOld("pg_dump", 15, "caretaker", EmbeddedPostgresLauncher.BUNDLED_MAJOR),
                    text);
            assertTrue(text.contains("install postgresql-client-17"), text);
            assertTrue(c.getBean(BackupCatalog.class).list(null, 10).isEmpty(), "nothing was written to the catalogue");
        }
    }

    @Test
    void theEmbeddedDefaultIsBackedUpWhenTheNewestInstalledClientIsNotOlder() {
        Optional<PgTools.Client> newest = Optional.empty();
        try {
            newest = Optional.of(new PgTools(Optional.empty()).forServer("caretaker", 0, List.of("pg_dump")));
        } catch (BackupException e) {
            // no client at all: the next branch asserts that sentence
        }
        try (ApplicationContext c = TestContexts.start(Map.of("caretaker.backups.storages.local.type", "local",
                "caretaker.backups.storages.local.path", dir.toString(), "caretaker.probes.enabled", "false"))) {
            Outcome o = backupNow(c);
            String text = PlainText.render(o.reply());
            int major = EmbeddedPostgresLauncher.BUNDLED_MAJOR;
            if (newest.isPresent() && newest.get().major() >= major) {
                assertInstanceOf(Outcome.Completed.class, o, text);
                BackupRecord b = c.getBean(BackupCatalog.class).list("caretaker", 1).get(0);
                assertTrue(b.tableCounts().containsKey("public.flyway_schema_history"), b.tableCounts().toString());
            } else {
                assertInstanceOf(Outcome.Failed.class, o);
                assertTrue(text.contains("install postgresql-client-" + major), text);
            }
        }
    }

    @Test
    void aClientDirectoryWithoutPgDumpSaysWhichPackageIsMissing() {
        try (ApplicationContext c = TestContexts.start(Map.of("caretaker.backups.client-dir", dir.toString(),
                "caretaker.probes.enabled", "false"))) {
            Outcome o = backupNow(c);
            assertInstanceOf(Outcome.Failed.class, o);
            assertEquals(BackupMessages.clientMissing("pg_dump", EmbeddedPostgresLauncher.BUNDLED_MAJOR, true),
                    PlainText.render(o.reply()).strip());
        }
    }
}
