package dev.caretaker.store;

import dev.caretaker.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schema is migrated when a migration is due, and a current database is recognised without Flyway. */
class SchemaMigrationTest {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");

    @Test
    void theNewestVersionIsTheNewestMigrationFile() throws IOException {
        int newest;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources", SchemaMigration.LOCATION))) {
            newest = files.map(f -> VERSIONED.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElseThrow();
        }
        assertEquals(Integer.toString(newest), SchemaMigration.NEWEST,
                "raise SchemaMigration.NEWEST to the new migration's version, or a current database never gets it");
    }

    @Test
    void anEmptyDatabaseIsMigratedToTheNewestVersionAndThenCurrent() throws SQLException {
        PGSimpleDataSource db = freshDatabase();
        assertFalse(SchemaMigration.current(db), "no history yet");
        SchemaMigration.migrate(db);
        assertTrue(SchemaMigration.current(db));
        assertEquals(SchemaMigration.NEWEST, scalar(db, "select version from flyway_schema_history "
                + "order by installed_rank desc limit 1"));
    }

    @Test
    void aDatabaseBehindTheNewestMigrationIsBroughtUpToIt() throws SQLException {
        PGSimpleDataSource db = freshDatabase();
        // as a database migrated by the previous release: everything but the newest migration applied
        String previous = Integer.toString(Integer.parseInt(SchemaMigration.NEWEST) - 1);
        Flyway.configure().dataSource(db).locations("classpath:" + SchemaMigration.LOCATION).target(previous).load()
                .migrate();
        assertEquals(previous, scalar(db, "select max(version::int) from flyway_schema_history"));
        assertFalse(SchemaMigration.current(db));
        SchemaMigration.migrate(db);
        assertTrue(SchemaMigration.current(db));
        assertEquals(SchemaMigration.NEWEST, scalar(db, "select max(version::int) from flyway_schema_history"));
    }

    @Test
    void aFailedMigrationInTheHistoryIsNeverTakenForCurrent() throws SQLException {
        PGSimpleDataSource db = freshDatabase();
        SchemaMigration.migrate(db);
        execute(db, "update flyway_schema_history set success = false where version = '1'");
        assertFalse(SchemaMigration.current(db), "Flyway has to look at it and say what is wrong");
    }

    private static PGSimpleDataSource freshDatabase() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(TestDatabase.freshDatabaseUrl());
        ds.setUser("postgres");
        return ds;
    }

    private static void execute(PGSimpleDataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String scalar(PGSimpleDataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
