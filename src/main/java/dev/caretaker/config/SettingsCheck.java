package dev.caretaker.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.ConfigurationReader;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.exceptions.BeanCreationException;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.naming.NameUtils;
import io.micronaut.core.type.Argument;
import io.micronaut.core.order.Ordered;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.qualifiers.Qualifiers;

import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a bad value in any of Caretaker's settings records ({@code @ConfigurationProperties} records under
 * {@code dev.caretaker}) stop the boot with one sentence naming the key, before anything uses the settings.
 * It covers two cases Micronaut's binding does not: a value that cannot be converted (Micronaut falls back to the
 * default silently, micronaut-core#4762), and a constraint violation, which Micronaut reports as a bean failure
 * naming the record's Java field rather than the setting.
 */
@Context
@Order(Ordered.HIGHEST_PRECEDENCE)
final class SettingsCheck {

    private static final String OURS = "dev.caretaker.";
    /** Micronaut's line per violation: {@code \tdev.caretaker.probe.ProbesSettings.concurrency - must be at least 1}. */
    private static final Pattern VIOLATION = Pattern.compile("\\t[\\w.$]+\\.(\\w+) - ([^\\n]+)");
    private static final Map<Class<?>, String> KINDS = Map.of(Duration.class, "a duration such as 30s, 5m or 1h",
            Integer.class, "a whole number", Long.class, "a whole number", Double.class, "a number",
            Boolean.class, "true or false", URI.class, "an address");
    private static final Set<String> BOOLEAN_WORDS = Set.of("true", "false", "yes", "no", "on", "off");

    SettingsCheck(ApplicationContext context) {
        List<String> problems = new ArrayList<>();
        for (BeanDefinition<?> d : context.getBeanDefinitions(Qualifiers.byStereotype(ConfigurationProperties.class))) {
            Class<?> type = d.getBeanType();
            Optional<String> prefix = d.stringValue(ConfigurationReader.class, "prefix");
            if (!type.isRecord() || !type.getName().startsWith(OURS) || prefix.isEmpty() || prefix.get().contains("*")) {
                continue;
            }
            List<String> wrong = convertible(context, prefix.get(), type, d);
            if (!wrong.isEmpty()) {
                problems.addAll(wrong);
                continue;
            }
            try {
                context.getBean(d);
            } catch (BeanCreationException e) {
                List<String> violations = violations(prefix.get(), e);
                if (violations.isEmpty()) {
                    throw e;
                }
                problems.addAll(violations);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join(" ", problems));
        }
    }

    /** Each set key of the record whose value cannot be converted to its component's type. */
    private static List<String> convertible(ApplicationContext context, String prefix, Class<?> record,
                                            BeanDefinition<?> definition) {
        List<String> out = new ArrayList<>();
        RecordComponent[] components = record.getRecordComponents();
        Argument<?>[] arguments = definition.getConstructor().getArguments();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            Class<?> type = boxed(c.getType());
            String kind = KINDS.get(type);
            String named = prefix + "." + NameUtils.hyphenate(c.getName());
            // a component whose key is a Java keyword (`for`) names its key with @Property
            String key = i < arguments.length
                    ? arguments[i].getAnnotationMetadata().stringValue(Property.class, "name").orElse(named) : named;
            if (kind == null || !context.containsProperty(key)) {
                continue;
            }
            if (context.getProperty(key, type).isEmpty() || type == Boolean.class && !isBoolean(context, key)) {
                out.add(ConfigMessages.wrongType(key, context.getProperty(key, String.class).orElse(""), kind));
            }
        }
        return out;
    }

    /** Micronaut turns any word into true or false without a complaint, so `ture` would quietly change a setting. */
    private static boolean isBoolean(ApplicationContext context, String key) {
        String text = context.getProperty(key, String.class).orElse("").strip().toLowerCase(Locale.ROOT);
        return BOOLEAN_WORDS.contains(text);
    }

    private static List<String> violations(String prefix, BeanCreationException e) {
        List<String> out = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher m = VIOLATION.matcher(String.valueOf(t.getMessage()));
            while (m.find()) {
                out.add(ConfigMessages.invalid(prefix + "." + NameUtils.hyphenate(m.group(1)), m.group(2).strip()));
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        return out;
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return switch (type.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "double" -> Double.class;
            case "boolean" -> Boolean.class;
            default -> type;
        };
    }
}
