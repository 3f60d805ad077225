package dev.caretaker.digest.check;

import dev.caretaker.digest.ChecklistCheck;
import dev.caretaker.digest.Evidence;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.SizeQueries;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/** {@code no-unused-indexes}: no index that backs no constraint has gone unscanned, on any postgres target. */
@Singleton
public final class NoUnusedIndexesCheck implements ChecklistCheck {

    private final PostgresTargets targets;

    public NoUnusedIndexesCheck(PostgresTargets targets) {
        this.targets = targets;
    }

    @Override
    public String kind() {
        return "no-unused-indexes";
    }

    @Override
    public Evidence check() throws Exception {
        List<PostgresClient> clients = targets.all();
        if (clients.isEmpty()) {
            return Evidence.unknown(CheckMessages.checkNoPostgres());
        }
        List<String> unused = new ArrayList<>();
        for (PostgresClient client : clients) {
            for (SizeQueries.UnusedIndex i : client.sizes().indexes().unused()) {
                unused.add(client.name() + "." + i.index());
            }
        }
        return unused.isEmpty() ? Evidence.passed(CheckMessages.checkNoUnusedIndexes(clients.size()))
                : Evidence.failed(CheckMessages.checkUnusedIndexes(unused));
    }
}
