package dev.caretaker.action.builtin;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Messages;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.store.Coordinator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code status}: one screen on the service, its database and its coordinator. */
@Singleton
@Named("status")
public final class StatusAction implements Action {

    private final DataSource dataSource;
    private final Coordinator coordinator;

    public StatusAction(DataSource dataSource, Coordinator coordinator) {
        this.dataSource = dataSource;
        this.coordinator = coordinator;
    }

    @Override
    public ActionResult run(ActionContext context) {
        List<List<String>> rows = new ArrayList<>();
        Duration uptime = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
        Runtime rt = Runtime.getRuntime();
        long usedMb = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
        rows.add(List.of("service", "ok", "up " + Messages.human(uptime) + ", heap " + usedMb + " MB of "
                + rt.maxMemory() / (1024 * 1024) + " MB, Java " + Runtime.version().feature()));
        boolean dbOk = true;
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(5);
            try (ResultSet rs = st.executeQuery(
                    "select current_setting('server_version'), pg_size_pretty(pg_database_size(current_database())), "
                            + "(select count(*) from pg_stat_activity where datname = current_database())")) {
                rs.next();
                long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
                rows.add(List.of("database", "ok", "PostgreSQL " + rs.getString(1) + ", " + rs.getString(2) + ", "
                        + rs.getLong(3) + " connections, answered in " + ms + " ms"));
            }
        } catch (SQLException e) {
            dbOk = false;
            rows.add(List.of("database", "down", Messages.databaseUnreachable(e.getSQLState())));
        }
        boolean coordOk = coordinator.ping();
        rows.add(List.of("coordinator", coordOk ? "ok" : "down", coordinator.describe()));
        boolean allOk = dbOk && coordOk;
        return ActionResult.ok(Reply.builder()
                .header(allOk ? "All good" : "Something is down")
                .severity(allOk ? Severity.OK : Severity.CRITICAL)
                .table(List.of("part", "state", "detail"), rows)
                .build());
    }
}
