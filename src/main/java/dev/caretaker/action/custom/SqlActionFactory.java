package dev.caretaker.action.custom;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionFactory;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.command.Durations;
import dev.caretaker.target.TargetMessages;
import dev.caretaker.target.postgres.PostgresTargets;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Builds actions of kind {@code sql}: one read-only query from {@code commands/*.yml}, with {@code {arg}}
 * placeholders bound as parameters. Settings: {@code statement} (required), {@code target} (a postgres
 * target; default the {@code target} arg or the only one), {@code statement-timeout} (default 30s, never
 * longer than the command's timeout) and {@code max-rows} (default 100).
 */
@Singleton
public final class SqlActionFactory implements ActionFactory {

    public static final String KIND = "sql";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final int DEFAULT_MAX_ROWS = 100;

    private final PostgresTargets targets;

    public SqlActionFactory(PostgresTargets targets) {
        this.targets = targets;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> validate(CommandSpec spec) {
        List<String> problems = new ArrayList<>();
        Optional<String> statement = setting(spec, "statement");
        if (statement.isEmpty()) {
            problems.add(CustomMessages.sqlStatementMissing(spec.name()));
            return problems;
        }
        SqlTemplate template = SqlTemplate.parse(statement.get());
        if (template.multiple()) {
            problems.add(CustomMessages.sqlOneStatement(spec.name()));
        }
        for (String name : new LinkedHashSet<>(template.placeholders())) {
            if (spec.arg(name).isEmpty()) {
                problems.add(CustomMessages.sqlUnknownPlaceholder(spec.name(), name));
            }
        }
        setting(spec, "target").filter(t -> !targets.names().contains(t))
                .ifPresent(t -> problems.add(CustomMessages.sqlUnknownTarget(spec.name(), t, targets.names())));
        Optional<String> timeout = setting(spec, "statement-timeout");
        if (timeout.isPresent() && Durations.parse(timeout.get()).isEmpty()) {
            problems.add(CustomMessages.sqlBadSetting(spec.name(), TargetMessages.settingNotDuration("statement-timeout")));
        }
        Optional<String> maxRows = setting(spec, "max-rows");
        if (maxRows.isPresent() && !maxRows.get().matches("[1-9][0-9]{0,4}")) {
            problems.add(CustomMessages.sqlBadSetting(spec.name(), TargetMessages.settingNotNumber("max-rows")));
        }
        return problems;
    }

    @Override
    public Action create(CommandSpec spec) {
        List<String> problems = validate(spec);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(" ", problems));
        }
        SqlTemplate template = SqlTemplate.parse(setting(spec, "statement").orElseThrow());
        Duration timeout = setting(spec, "statement-timeout").flatMap(Durations::parse).orElse(DEFAULT_TIMEOUT);
        if (timeout.compareTo(spec.timeout()) > 0) {
            timeout = spec.timeout();
        }
        int maxRows = setting(spec, "max-rows").map(Integer::parseInt).orElse(DEFAULT_MAX_ROWS);
        return new SqlAction(targets, template, setting(spec, "target"), timeout, maxRows);
    }

    private static Optional<String> setting(CommandSpec spec, String key) {
        Object v = spec.action().settings().get(key);
        return v == null || v.toString().isBlank() ? Optional.empty() : Optional.of(v.toString().strip());
    }
}
