package dev.caretaker.probe;

import dev.caretaker.config.EmbeddedPostgresSettings;
import dev.caretaker.target.TargetMessages;
import dev.caretaker.target.TargetSpec;
import dev.caretaker.target.Targets;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every probe Caretaker runs: one or more per configured target ({@code caretaker.targets.<name>}, types http,
 * tcp, tls, disk, postgres, prometheus) with its {@code interval}, {@code timeout}, {@code warn} and
 * {@code critical}, plus the bot's own disk (its data directory). The bot's own database is probed as the
 * implicit postgres target when no other is configured. Each type's probes come from its {@link ProbeKind} bean; a
 * type without one (redis, queues) has no probes here. {@link ProbeProvider} beans add probes of their own (the age of
 * the newest verified backup of each scheduled target).
 */
@Singleton
public class ProbeCatalog {

    /** The target name of the bot's own probes. */
    public static final String SELF = "caretaker";

    private final List<Probe> probes;

    public ProbeCatalog(Targets targets, List<ProbeKind> kinds, List<ProbeProvider> providers, ProbesSettings settings,
                        EmbeddedPostgresSettings embedded) {
        Duration defaultInterval = settings.interval();
        Duration defaultTimeout = settings.timeout();
        boolean self = settings.self();
        Map<String, ProbeKind> byType = new LinkedHashMap<>();
        kinds.forEach(k -> byType.put(k.type(), k));
        List<Probe> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String name : targets.names(null)) {
            TargetSpec spec = targets.spec(name).orElseThrow();
            try {
                out.addAll(probesOf(spec, byType, defaultInterval, defaultTimeout));
            } catch (IllegalArgumentException e) {
                problems.add(TargetMessages.targetMisconfigured(name, e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join(" ", problems));
        }
        providers.forEach(p -> out.addAll(p.probes()));
        ProbeKind disk = byType.get("disk");
        if (self && disk != null && targets.spec(SELF).map(t -> !t.type().equals("disk")).orElse(true)) {
            Path dir = Path.of(embedded.dataDir());
            Path where = Files.isDirectory(dir) ? dir : Path.of(".").toAbsolutePath().normalize();
            out.addAll(disk.probes(new ProbeSettings(new TargetSpec(SELF, "disk", Map.of("path", where.toString()))),
                    defaultInterval, defaultTimeout));
        }
        this.probes = Collections.unmodifiableList(out);
    }

    public List<Probe> probes() {
        return probes;
    }

    private static List<Probe> probesOf(TargetSpec spec, Map<String, ProbeKind> kinds, Duration defaultInterval,
                                        Duration defaultTimeout) {
        ProbeSettings s = new ProbeSettings(spec);
        Duration interval = s.duration("interval", defaultInterval);
        Duration timeout = s.duration("timeout", defaultTimeout);
        if (interval.isZero() || interval.isNegative() || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException(ProbeMessages.probeDurationsPositive());
        }
        ProbeKind kind = kinds.get(spec.type());
        // redis, queues, backups: their capabilities add probes through the same interface
        return kind == null ? List.of() : kind.probes(s, interval, timeout);
    }
}
