package dev.caretaker.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables Caretaker reads, found in its own sources rather than listed by hand: a
 * {@code ${NAME}} placeholder, or a setting name that Micronaut's mapping of environment variables reaches
 * ({@code CARETAKER_ALERTS_TOKEN} is {@code caretaker.alerts.token}, {@code SLACK_BOT_TOKEN} is {@code slack.bot-token}),
 * plus the few of Micronaut's own that DESIGN.md names.
 */
final class CaretakerSettings {

    /** Micronaut's own settings that the deployment files may set. */
    static final Set<String> MICRONAUT = Set.of("MICRONAUT_CONFIG_FILES", "MICRONAUT_SERVER_PORT", "MICRONAUT_SERVER_HOST",
            "DATASOURCES_DEFAULT_URL", "DATASOURCES_DEFAULT_USERNAME", "DATASOURCES_DEFAULT_PASSWORD", "REDIS_URI");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}-]");
    private static final Pattern PROPERTY = Pattern.compile("[\"{(]((?:[a-z][a-z0-9-]*\\.)+[a-z][a-z0-9-]*)[\":})]");
    /** A settings record: its prefix, then its components, each a setting named prefix.component-name. */
    private static final Pattern RECORD = Pattern.compile(
            "@ConfigurationProperties\\(\"([a-z0-9.-]+)\"\\)[^{]*?record\\s+\\w+\\s*\\(");

    private final Set<String> placeholders = new HashSet<>();
    private final Set<String> properties = new HashSet<>();

    private CaretakerSettings() {
    }

    static CaretakerSettings scan(Path repository) {
        CaretakerSettings s = new CaretakerSettings();
        for (Path root : List.of(repository.resolve("src/main/java"), repository.resolve("src/main/resources"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(f);
                    Matcher p = PLACEHOLDER.matcher(text);
                    while (p.find()) {
                        s.placeholders.add(p.group(1));
                    }
                    Matcher q = PROPERTY.matcher(text);
                    while (q.find()) {
                        s.properties.add(q.group(1));
                    }
                    Matcher r = RECORD.matcher(text);
                    while (r.find()) {
                        components(text, r.end()).forEach(c -> s.properties.add(r.group(1) + "." + c));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return s;
    }

    /** The setting names of a record's components, read from its header (annotations dropped, camelCase hyphenated). */
    private static List<String> components(String text, int start) {
        List<String> out = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        int depth = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (depth == 0 && (c == ',' || c == ')')) {
                String cleaned = part.toString().replaceAll("@[\\w.]+(\\([^)]*\\))?", " ").strip();
                String[] words = cleaned.split("\\s+");
                if (!cleaned.isEmpty()) {
                    out.add(words[words.length - 1].replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT));
                }
                part.setLength(0);
                if (c == ')') {
                    return out;
                }
                continue;
            }
            depth += c == '(' || c == '<' ? 1 : c == ')' || c == '>' ? -1 : 0;
            part.append(c);
        }
        return out;
    }

    /** Whether Caretaker reads this environment variable. */
    boolean reads(String env) {
        if (MICRONAUT.contains(env) || placeholders.contains(env)) {
            return true;
        }
        return variants(env.toLowerCase(Locale.ROOT).split("_")).stream().anyMatch(properties::contains);
    }

    /** Micronaut's reading of an environment variable: each underscore may be a dot or a dash. */
    private static List<String> variants(String[] parts) {
        List<String> out = new ArrayList<>(List.of(parts[0]));
        for (int i = 1; i < parts.length; i++) {
            List<String> next = new ArrayList<>();
            for (String prefix : out) {
                next.add(prefix + "." + parts[i]);
                next.add(prefix + "-" + parts[i]);
            }
            out = next;
        }
        return out;
    }
}
