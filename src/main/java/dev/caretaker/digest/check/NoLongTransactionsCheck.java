package dev.caretaker.digest.check;

import dev.caretaker.digest.ChecklistCheck;
import dev.caretaker.digest.Evidence;
import dev.caretaker.reply.Format;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.PostgresClient;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code no-long-transactions}: no transaction on any postgres target has been open for 5 minutes or more. */
@Singleton
public final class NoLongTransactionsCheck implements ChecklistCheck {

    /** The runbooks' "long-running query" line. */
    public static final Duration LONG = Duration.ofMinutes(5);

    private final PostgresTargets targets;

    public NoLongTransactionsCheck(PostgresTargets targets) {
        this.targets = targets;
    }

    @Override
    public String kind() {
        return "no-long-transactions";
    }

    @Override
    public Evidence check() throws Exception {
        List<PostgresClient> clients = targets.all();
        if (clients.isEmpty()) {
            return Evidence.unknown(CheckMessages.checkNoPostgres());
        }
        List<String> open = new ArrayList<>();
        for (PostgresClient client : clients) {
            Duration oldest = client.longestTransaction();
            if (oldest.compareTo(LONG) >= 0) {
                open.add(client.name() + " (" + Format.human(oldest) + ")");
            }
        }
        return open.isEmpty() ? Evidence.passed(CheckMessages.checkNoLongTransactions(LONG))
                : Evidence.failed(CheckMessages.checkLongTransactions(open));
    }
}
