package dev.caretaker.target.postgres;

import dev.caretaker.command.Durations;
import dev.caretaker.target.TargetMessages;
import dev.caretaker.target.TargetSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of one {@code postgres} target. Without {@code url} and {@code host} the target is the bot's
 * own database. Timeouts bound every statement, lock wait and connection attempt.
 */
public record PostgresSettings(Optional<String> url, Optional<String> username, Optional<String> password,
                               Duration connectTimeout, Duration statementTimeout, Duration lockTimeout,
                               int maxConnections, List<RetentionRule> retention, int retentionBatchSize,
                               Duration retentionPause, Duration progressInterval) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final Duration DEFAULT_BATCH_PAUSE = Duration.ofMillis(200);

    public PostgresSettings {
        retention = List.copyOf(retention);
        if (maxConnections < 2) {
            // vacuum needs a second connection to watch its own progress
            throw new IllegalArgumentException(PostgresMessages.settingTooSmall("max-connections", 2));
        }
        if (retentionBatchSize < 1) {
            throw new IllegalArgumentException(PostgresMessages.settingTooSmall("retention-batch-size", 1));
        }
    }

    /** Defaults everywhere: the bot's own database, no retention rules. */
    public static PostgresSettings defaults() {
        return new PostgresSettings(Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_STATEMENT_TIMEOUT, DEFAULT_LOCK_TIMEOUT, 4, List.of(), DEFAULT_BATCH_SIZE,
                DEFAULT_BATCH_PAUSE, Duration.ofSeconds(1));
    }

    /**
     * Reads {@code url} (or {@code host}, {@code port}, {@code database}), {@code username}, {@code password},
     * {@code connect-timeout}, {@code statement-timeout}, {@code lock-timeout}, {@code max-connections},
     * {@code retention} (a list of rules), {@code retention-batch-size} and {@code retention-pause}.
     *
     * @throws IllegalArgumentException with a phrase (from {@code Messages}) naming the bad key
     */
    public static PostgresSettings from(TargetSpec spec) {
        Optional<String> url = spec.string("url").map(PostgresSettings::jdbcUrl);
        if (url.isEmpty() && spec.string("host").isPresent()) {
            url = Optional.of("jdbc:postgresql://" + spec.string("host").get() + ":" + spec.string("port").orElse("5432")
                    + "/" + spec.string("database").orElse("postgres"));
        }
        List<RetentionRule> rules = new ArrayList<>();
        Object raw = spec.settings().get("retention");
        if (raw instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> map)) {
                    throw new IllegalArgumentException(PostgresMessages.retentionRuleIncomplete(null));
                }
                rules.add(RetentionRule.from(map));
            }
        } else if (raw != null) {
            throw new IllegalArgumentException(PostgresMessages.retentionNotAList());
        }
        return new PostgresSettings(url, spec.string("username"), spec.string("password"),
                duration(spec, "connect-timeout", DEFAULT_CONNECT_TIMEOUT),
                duration(spec, "statement-timeout", DEFAULT_STATEMENT_TIMEOUT),
                duration(spec, "lock-timeout", DEFAULT_LOCK_TIMEOUT),
                spec.integer("max-connections", 4), rules,
                spec.integer("retention-batch-size", DEFAULT_BATCH_SIZE),
                duration(spec, "retention-pause", DEFAULT_BATCH_PAUSE),
                duration(spec, "progress-interval", Duration.ofSeconds(1)));
    }

    /** True when this target is the bot's own database (no url and no host). */
    public boolean ownDatabase() {
        return url.isEmpty();
    }

    /** The same settings with other retention rules and batching; used by tests and by per-run overrides. */
    public PostgresSettings withRetention(List<RetentionRule> rules, int batchSize, Duration pause) {
        return new PostgresSettings(url, username, password, connectTimeout, statementTimeout, lockTimeout,
                maxConnections, rules, batchSize, pause, progressInterval);
    }

    /** The same settings with another statement timeout. */
    public PostgresSettings withStatementTimeout(Duration timeout) {
        return new PostgresSettings(url, username, password, connectTimeout, timeout, lockTimeout,
                maxConnections, retention, retentionBatchSize, retentionPause, progressInterval);
    }

    private static String jdbcUrl(String url) {
        // operators paste libpq URLs; the driver wants its own prefix
        if (url.startsWith("postgres://")) {
            return "jdbc:postgresql://" + url.substring("postgres://".length());
        }
        if (url.startsWith("postgresql://")) {
            return "jdbc:" + url;
        }
        return url;
    }

    private static Duration duration(TargetSpec spec, String key, Duration fallback) {
        Optional<String> text = spec.string(key);
        if (text.isEmpty()) {
            return fallback;
        }
        return Durations.parse(text.get()).orElseThrow(() -> new IllegalArgumentException(TargetMessages.settingNotDuration(key)));
    }

    @Override
    public String toString() {
        return "PostgresSettings[url=" + url.orElse("(bot database)") + ", username=" + username.orElse("")
                + ", password=****]";
    }
}
