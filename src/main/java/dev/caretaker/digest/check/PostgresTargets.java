package dev.caretaker.digest.check;

import dev.caretaker.target.Targets;
import dev.caretaker.target.postgres.PostgresClient;

import java.util.ArrayList;
import java.util.List;

/** Every configured postgres target's client, for checks that look at all of them. */
final class PostgresTargets {

    private PostgresTargets() {
    }

    static List<PostgresClient> all(Targets targets) {
        List<PostgresClient> out = new ArrayList<>();
        for (String name : targets.names("postgres")) {
            targets.postgres(name).ifPresent(out::add);
        }
        return out;
    }
}
