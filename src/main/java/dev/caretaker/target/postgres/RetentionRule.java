package dev.caretaker.target.postgres;

import dev.caretaker.command.Durations;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keep rows of {@code table} whose timestamp {@code column} is younger than {@code keep}; older rows (that
 * also match the optional SQL condition {@code where}, written by the operator in config) may be deleted.
 */
public record RetentionRule(String table, String column, Duration keep, Optional<String> where) {

    public RetentionRule {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(keep, "keep");
        where = where == null ? Optional.empty() : where.filter(w -> !w.isBlank()).map(String::strip);
        if (keep.isZero() || keep.isNegative()) {
            throw new IllegalArgumentException(PostgresMessages.retentionKeepInvalid(table));
        }
        if (where.isPresent() && where.get().contains(";")) {
            // one condition, never a second statement
            throw new IllegalArgumentException(PostgresMessages.retentionWhereHasSemicolon(table));
        }
    }

    /** Reads one rule from config: {@code table}, {@code column}, {@code keep} like {@code 90d}, optional {@code where}. */
    static RetentionRule from(Map<?, ?> map) {
        String table = text(map, "table");
        String column = text(map, "column");
        String keep = text(map, "keep");
        if (table == null || column == null || keep == null) {
            throw new IllegalArgumentException(PostgresMessages.retentionRuleIncomplete(table));
        }
        Duration d = Durations.parse(keep).orElseThrow(() -> new IllegalArgumentException(
                PostgresMessages.retentionKeepInvalid(table)));
        return new RetentionRule(table, column, d, Optional.ofNullable(text(map, "where")));
    }

    private static String text(Map<?, ?> map, String key) {
        Object v = map.get(key);
        return v == null || v.toString().isBlank() ? null : v.toString().strip();
    }
}
