package dev.caretaker.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the bundled PostgreSQL may run, and which data directories it may open. */
class EmbeddedPostgresLauncherTest {

    @TempDir
    Path tmp;

    @Test
    void linuxAmd64WithItsBinariesInTheJarMayStart() {
        assertEquals(Optional.empty(), EmbeddedPostgresLauncher.platformProblem("Linux", "amd64",
                "postgres-linux-x86_64.txz"::equals));
    }

    @Test
    void thisBuildCarriesTheBinariesOfTheMachineItIsTestedOn() {
        assertEquals(Optional.empty(), EmbeddedPostgresLauncher.platformProblem(System.getProperty("os.name"),
                System.getProperty("os.arch"), r -> EmbeddedPostgresLauncher.class.getClassLoader().getResource(r) != null));
    }

    @Test
    void anotherOperatingSystemIsOneSentenceNamingTheDatasourceSetting() {
        assertEquals(Optional.of("The embedded PostgreSQL runs only on Linux amd64 and arm64 and this machine is Mac OS X "
                + "aarch64; set DATASOURCES_DEFAULT_URL (with _USERNAME and _PASSWORD) to a PostgreSQL server of your "
                + "own."), EmbeddedPostgresLauncher.platformProblem("Mac OS X", "aarch64", r -> true));
        assertTrue(EmbeddedPostgresLauncher.platformProblem("Windows 11", "amd64", r -> true).orElseThrow()
                .contains("this machine is Windows 11 amd64; set DATASOURCES_DEFAULT_URL"));
        assertTrue(EmbeddedPostgresLauncher.platformProblem("Linux", "ppc64le", r -> true).orElseThrow()
                .contains("this machine is Linux ppc64le; set DATASOURCES_DEFAULT_URL"));
    }

    @Test
    void arm64WithoutItsBinariesInThisBuildNamesTheBuildThatHasThem() {
        assertEquals(Optional.of("This build of Caretaker carries no embedded PostgreSQL for Linux arm64; build the jar "
                + "for it with `mvn -B -Plinux-arm64 -DskipTests package`, or set DATASOURCES_DEFAULT_URL (with "
                + "_USERNAME and _PASSWORD) to a PostgreSQL server of your own."),
                EmbeddedPostgresLauncher.platformProblem("Linux", "aarch64", "postgres-linux-x86_64.txz"::equals));
    }

    @Test
    void aNewOrEmptyDirectoryAndOneOfTheBundledMajorMayBeOpened() throws Exception {
        assertEquals(Optional.empty(), EmbeddedPostgresLauncher.dataDirectoryProblem(tmp.resolve("absent"), 17));
        Path dir = Files.createDirectories(tmp.resolve("postgres"));
        assertEquals(Optional.empty(), EmbeddedPostgresLauncher.dataDirectoryProblem(dir, 17));
        Files.writeString(dir.resolve("PG_VERSION"), "17\n");
        assertEquals(Optional.empty(), EmbeddedPostgresLauncher.dataDirectoryProblem(dir, 17));
    }

    @Test
    void anOlderMajorNamesTheCommandsThatUpgradeIt() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("data").resolve("postgres"));
        Files.writeString(dir.resolve("PG_VERSION"), "14\n");
        String parent = dir.getParent().toString();
        assertEquals(Optional.of("The embedded database in " + dir + " was created by PostgreSQL 14 and this Caretaker "
                + "runs PostgreSQL 17, so it left the directory untouched; with no Caretaker running and the "
                + "postgresql-14 and postgresql-17 server packages installed, upgrade it as the user who runs Caretaker "
                + "with `cd " + parent + " && mv postgres postgres-14 && /usr/lib/postgresql/17/bin/initdb -D postgres "
                + "-U postgres -A trust -E UTF-8 && /usr/lib/postgresql/17/bin/pg_upgrade -b /usr/lib/postgresql/14/bin "
                + "-B /usr/lib/postgresql/17/bin -d postgres-14 -D postgres -U postgres` (docs/embedded-postgres.md "
                + "explains each step; postgres-14 stays as it was), or set DATASOURCES_DEFAULT_URL to a PostgreSQL "
                + "server that holds your data."), EmbeddedPostgresLauncher.dataDirectoryProblem(dir, 17));
    }

    @Test
    void pathsWithSpacesAreQuotedSoThePrintedCommandCanBePasted() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("my data").resolve("pg 14"));
        Files.writeString(dir.resolve("PG_VERSION"), "9.6\n");
        String sentence = EmbeddedPostgresLauncher.dataDirectoryProblem(dir, 17).orElseThrow();
        assertTrue(sentence.contains("`cd '" + dir.getParent() + "' && mv 'pg 14' 'pg 14-9.6' && "), sentence);
        assertTrue(sentence.contains("pg_upgrade -b /usr/lib/postgresql/9.6/bin -B "), sentence);
    }

    @Test
    void aNewerMajorIsLeftAloneAndSaysWhichCaretakerReadsIt() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("postgres"));
        Files.writeString(dir.resolve("PG_VERSION"), "18\n");
        assertEquals(Optional.of("The embedded database in " + dir + " was created by PostgreSQL 18, newer than this "
                + "Caretaker's PostgreSQL 17, so it left the directory untouched; run the Caretaker version that created "
                + "it, or set DATASOURCES_DEFAULT_URL to a PostgreSQL server that holds your data."),
                EmbeddedPostgresLauncher.dataDirectoryProblem(dir, 17));
    }

    @Test
    void aVersionFileThatNamesNoVersionIsNotOpened() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("postgres"));
        Files.writeString(dir.resolve("PG_VERSION"), "banana\n");
        assertTrue(EmbeddedPostgresLauncher.dataDirectoryProblem(dir, 17).orElseThrow()
                .startsWith("The embedded database in " + dir + " has a PG_VERSION file that names no PostgreSQL version"));
    }
}
