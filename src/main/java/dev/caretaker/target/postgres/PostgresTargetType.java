package dev.caretaker.target.postgres;

import dev.caretaker.target.TargetMessages;
import dev.caretaker.target.TargetSpec;
import dev.caretaker.target.TargetType;
import dev.caretaker.target.Targets;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;

/**
 * The {@code postgres} kind: checks each target's settings ({@link PostgresSettings}) at boot, and makes the bot's
 * own database the target {@value Targets#OWN_DATABASE} when no postgres target is configured.
 */
@Singleton
public final class PostgresTargetType implements TargetType {

    public static final String TYPE = "postgres";

    private final boolean botDatabase;

    @Inject
    PostgresTargetType(BeanProvider<DataSource> botDatabase) {
        this(botDatabase.isPresent());
    }

    /** @param botDatabase whether the bot has a database of its own (the embedded default, or a configured one) */
    public PostgresTargetType(boolean botDatabase) {
        this.botDatabase = botDatabase;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<String> problems(TargetSpec spec, Map<String, TargetSpec> all) {
        try {
            PostgresSettings s = PostgresSettings.from(spec);
            return s.ownDatabase() && !botDatabase ? List.of(TargetMessages.postgresNeedsUrl()) : List.of();
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
    }

    @Override
    public List<TargetSpec> implicit(Map<String, TargetSpec> configured) {
        boolean any = configured.values().stream().anyMatch(s -> s.type().equals(TYPE));
        return any || !botDatabase ? List.of() : List.of(new TargetSpec(Targets.OWN_DATABASE, TYPE, Map.of()));
    }
}
