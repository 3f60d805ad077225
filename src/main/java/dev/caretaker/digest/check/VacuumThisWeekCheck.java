package dev.caretaker.digest.check;

import dev.caretaker.digest.ChecklistCheck;
import dev.caretaker.digest.Evidence;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.ReadOnlyQuery;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vacuum-this-week}: every table with dead rows was vacuumed (by hand or by autovacuum) in the last 7 days,
 * on every postgres target ({@code pg_stat_user_tables.last_vacuum / last_autovacuum}).
 */
@Singleton
public final class VacuumThisWeekCheck implements ChecklistCheck {

    static final String STALE_TABLES = "SELECT CASE WHEN schemaname = 'public' THEN relname "
            + "ELSE schemaname || '.' || relname END, n_dead_tup FROM pg_stat_user_tables "
            + "WHERE n_dead_tup > 0 AND coalesce(greatest(last_vacuum, last_autovacuum), '-infinity') < now() - ? "
            + "ORDER BY n_dead_tup DESC, 1";

    private final PostgresTargets targets;

    public VacuumThisWeekCheck(PostgresTargets targets) {
        this.targets = targets;
    }

    @Override
    public String kind() {
        return "vacuum-this-week";
    }

    @Override
    public Evidence check() throws Exception {
        List<String> stale = new ArrayList<>();
        List<PostgresClient> clients = targets.all();
        if (clients.isEmpty()) {
            return Evidence.unknown(CheckMessages.checkNoPostgres());
        }
        for (PostgresClient client : clients) {
            ReadOnlyQuery.Result r = client.readOnly().run(STALE_TABLES, List.of(Duration.ofDays(7)),
                    client.settings().statementTimeout(), 20);
            for (List<String> row : r.rows()) {
                stale.add(client.name() + "." + row.get(0));
            }
        }
        return stale.isEmpty() ? Evidence.passed(CheckMessages.checkVacuumRan(clients.size()))
                : Evidence.failed(CheckMessages.checkVacuumMissing(stale));
    }
}
