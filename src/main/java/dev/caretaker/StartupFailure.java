package dev.caretaker;

import dev.caretaker.pipeline.ConfigurationProblems;
import dev.caretaker.store.CoordinatorUnavailableException;
import dev.caretaker.store.DatabaseStartFailure;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.http.server.exceptions.ServerStartupException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.net.BindException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns whatever stopped the start (ours or Micronaut's) into the one sentence an operator reads: what is
 * wrong and how to fix it, never a stack trace.
 */
final class StartupFailure {

    private static final Pattern PORT = Pattern.compile(":(\\d{1,5})\\b");
    /** Micronaut's words when a setting cannot be converted to the type a bean asks for. */
    private static final Pattern PROPERTY = Pattern.compile("Error resolving property value \\[([A-Za-z0-9._\\[\\]-]+)]");
    private static final String MISSING_FILE = "Failed to read configuration file: ";

    private final Function<String, String> settings;

    /** {@code settings} reads an environment variable or its system-property twin, e.g. MICRONAUT_CONFIG_FILES. */
    StartupFailure(Function<String, String> settings) {
        this.settings = settings;
    }

    /** Reads the real environment, system properties first (as Micronaut does). */
    static StartupFailure fromEnvironment() {
        return new StartupFailure(name -> {
            String property = System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'));
            return property != null ? property : System.getenv(name);
        });
    }

    String describe(Throwable failure) {
        ConfigurationProblems problems = find(failure, ConfigurationProblems.class);
        if (problems != null) {
            return problems.getMessage();
        }
        MarkedYAMLException yaml = find(failure, MarkedYAMLException.class);
        if (yaml != null) {
            // "got <stream end>" points past the file; the construct left open (the context) is the line to fix.
            boolean atEnd = String.valueOf(yaml.getProblem()).contains("<stream end>");
            Mark mark = yaml.getProblemMark() != null && !(atEnd && yaml.getContextMark() != null)
                    ? yaml.getProblemMark() : yaml.getContextMark();
            return StartupMessages.configFileNotYaml(configFiles(), mark == null ? 0 : mark.getLine() + 1,
                    yaml.getProblem() == null ? yaml.getContext() : yaml.getProblem());
        }
        ConfigurationException config = find(failure, ConfigurationException.class);
        if (config != null && config.getMessage() != null && config.getMessage().startsWith(MISSING_FILE)) {
            return StartupMessages.configFileUnreadable(config.getMessage().substring(MISSING_FILE.length()).strip());
        }
        ServerStartupException server = find(failure, ServerStartupException.class);
        if (server != null && find(failure, BindException.class) != null) {
            Matcher port = PORT.matcher(String.valueOf(server.getMessage()));
            return StartupMessages.portInUse(port.find() ? port.group(1) : settingOr("MICRONAUT_SERVER_PORT", "8080"));
        }
        CoordinatorUnavailableException redis = find(failure, CoordinatorUnavailableException.class);
        if (redis != null) {
            return redis.address() == null ? StartupMessages.redisUriInvalid()
                    : StartupMessages.redisUnreachable(redis.address(), firstSentence(rootMessage(redis)));
        }
        java.util.Optional<String> database = DatabaseStartFailure.reason(failure);
        if (database.isPresent()) {
            return StartupMessages.databaseUnreachableAtStart(firstSentence(database.get()));
        }
        if (config != null && config.getMessage() != null) {
            // Our own configuration checks already speak in one sentence (e.g. the embedded PostgreSQL's data directory).
            return StartupMessages.startupFailed(config.getMessage());
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher property = PROPERTY.matcher(String.valueOf(t.getMessage()));
            if (property.find()) {
                String key = property.group(1);
                return StartupMessages.settingHasWrongType(key, key.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_"));
            }
        }
        return StartupMessages.startupFailed(firstSentence(rootMessage(failure)));
    }

    private String configFiles() {
        return settingOr("MICRONAUT_CONFIG_FILES", "the configuration file");
    }

    private String settingOr(String name, String fallback) {
        String value = settings.apply(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Library messages run on ("... refused. Check that the hostname ..."); the first sentence is the fact. */
    private static String firstSentence(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        int end = oneLine.indexOf(". ");
        return end > 0 ? oneLine.substring(0, end) : oneLine.endsWith(".") ? oneLine.substring(0, oneLine.length() - 1)
                : oneLine;
    }
}
