package dev.caretaker.target;

import dev.caretaker.command.TargetCatalog;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.value.PropertyResolver;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The targets named under {@code caretaker.targets.<name>} ({@code type} plus its settings). Kinds with a package
 * of their own ({@code target.postgres}, …) are {@link TargetType} beans: they check their targets' settings at boot
 * and may add implicit targets (the bot's own database is the postgres target {@code caretaker} when no other is
 * configured). Their clients live in those packages, so this one never imports them.
 */
@Singleton
public final class Targets implements TargetCatalog {

    /** The name of the bot's own database when it is the implicit postgres target. */
    public static final String OWN_DATABASE = "caretaker";
    /** Every type users may write; {@code http}, {@code tcp}, {@code tls}, {@code disk}, {@code prometheus} need only probes. */
    public static final List<String> TYPES = List.of("postgres", "redis", "http", "tcp", "tls", "disk", "prometheus",
            "queue");

    private static final String PREFIX = "caretaker.targets";
    /** Settings that are lists (retention rules, queue names, files' paths); read whole, they would come flattened. */
    private static final List<String> LIST_SETTINGS = List.of("retention", "queues", "paths");

    private final Map<String, TargetSpec> specs;

    @Inject
    public Targets(PropertyResolver config, List<TargetType> types) {
        this(read(config), types);
    }

    /**
     * @param types kinds that check their own settings (a type without one is accepted as it is)
     * @throws ConfigurationException with one sentence per target that cannot work
     */
    public Targets(Collection<TargetSpec> configured, List<TargetType> types) {
        Map<String, TargetSpec> all = new TreeMap<>();
        for (TargetSpec spec : configured) {
            all.put(spec.name(), spec);
        }
        Map<String, TargetType> kinds = new LinkedHashMap<>();
        types.forEach(t -> kinds.put(t.type(), t));
        Map<String, TargetSpec> given = Map.copyOf(all);
        for (TargetType kind : kinds.values()) {
            kind.implicit(given).forEach(spec -> all.putIfAbsent(spec.name(), spec));
        }
        List<String> problems = new ArrayList<>();
        for (TargetSpec spec : all.values()) {
            if (!TYPES.contains(spec.type()) && !kinds.containsKey(spec.type())) {
                problems.add(spec.type().isBlank() ? TargetMessages.targetTypeMissing(spec.name())
                        : TargetMessages.targetTypeUnknown(spec.name(), spec.type(), TYPES));
                continue;
            }
            TargetType kind = kinds.get(spec.type());
            if (kind != null) {
                kind.problems(spec, all).forEach(p -> problems.add(TargetMessages.targetMisconfigured(spec.name(), p)));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join(" ", problems));
        }
        this.specs = Collections.unmodifiableMap(all);
    }

    @Override
    public Set<String> names(String type) {
        Set<String> out = new TreeSet<>();
        for (TargetSpec s : specs.values()) {
            if (type == null || s.type().equals(type)) {
                out.add(s.name());
            }
        }
        return out;
    }

    public Optional<TargetSpec> spec(String name) {
        return Optional.ofNullable(specs.get(name));
    }

    /** Every target of a type, by name. */
    public List<TargetSpec> ofType(String type) {
        return specs.values().stream().filter(s -> s.type().equals(type)).toList();
    }

    /** The only target of a type, when there is exactly one. */
    public Optional<String> only(String type) {
        Set<String> names = names(type);
        return names.size() == 1 ? Optional.of(names.iterator().next()) : Optional.empty();
    }

    private static List<TargetSpec> read(PropertyResolver config) {
        List<TargetSpec> out = new ArrayList<>();
        for (String name : config.getPropertyEntries(PREFIX)) {
            Map<String, Object> settings = new LinkedHashMap<>(config.getProperties(PREFIX + "." + name));
            for (String list : LIST_SETTINGS) {
                config.getProperty(PREFIX + "." + name + "." + list, List.class).ifPresent(l -> settings.put(list, l));
            }
            Object type = settings.get("type");
            out.add(new TargetSpec(name, type == null ? "" : type.toString().strip(), settings));
        }
        return out;
    }

    @Override
    public String toString() {
        return "Targets" + names(null);
    }
}
