package dev.caretaker.store;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.naming.NameResolver;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Brings Caretaker's own database to the newest migration in {@code db/migration} when its DataSource is created.
 * A database that is already current, the usual start, costs one query: Flyway (a few hundred classes to load, its
 * plugins to find, the jar to scan for migrations, each one's checksum to validate) runs only when a migration is due
 * or the history shows a failed one. This replaces micronaut-flyway's runner, which runs Flyway on every start.
 */
@Singleton
final class SchemaMigration implements BeanCreatedEventListener<DataSource> {

    /** Where the migrations live on the class path. */
    static final String LOCATION = "db/migration";
    /**
     * The version of the newest file in {@link #LOCATION}: raise it with every new migration ({@code SchemaMigrationTest}
     * fails until it matches the files). A database whose history ends here is current and Flyway is not started.
     */
    static final String NEWEST = "18";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigration.class);
    private static final String HISTORY = "flyway_schema_history";

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        DataSource bean = event.getBean();
        boolean ours = !(event.getBeanDefinition() instanceof NameResolver names)
                || names.resolveName().map("default"::equals).orElse(true);
        if (ours) {
            migrate(DelegatingDataSource.unwrapDataSource(bean));
        }
        return bean;
    }

    /** Runs Flyway unless the database's history already ends at {@link #NEWEST} with no failed migration. */
    static void migrate(DataSource dataSource) {
        if (current(dataSource)) {
            return;
        }
        LOG.info("Database: migrating the schema to version {}", NEWEST);
        Flyway.configure(SchemaMigration.class.getClassLoader()).dataSource(dataSource)
                .locations("classpath:" + LOCATION).load().migrate();
    }

    /** Whether the newest migration is applied and none failed; a database without a history is not current. */
    static boolean current(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            if (!hasHistory(c)) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("select count(*) filter (where version = ? and success), "
                    + "count(*) filter (where not success) from " + HISTORY)) {
                ps.setString(1, NEWEST);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getLong(1) == 1 && rs.getLong(2) == 0;
                }
            }
        } catch (SQLException e) {
            // whatever it was, Flyway looks again and says what is wrong in its own words
            LOG.debug("Could not read the schema history; letting Flyway check it", e);
            return false;
        }
    }

    private static boolean hasHistory(Connection c) throws SQLException {
        // to_regclass answers null for a missing table instead of failing (and aborting a transaction)
        try (PreparedStatement ps = c.prepareStatement("select to_regclass(?) is not null")) {
            ps.setString(1, HISTORY);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
