package dev.caretaker.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.probe.builtin.DiskProbe;
import dev.caretaker.probe.builtin.HttpProbe;
import dev.caretaker.probe.builtin.PostgresProbes;
import dev.caretaker.probe.builtin.PrometheusProbe;
import dev.caretaker.probe.builtin.TcpProbe;
import dev.caretaker.probe.builtin.TlsProbe;
import dev.caretaker.reply.Messages;
import dev.caretaker.target.TargetSpec;
import dev.caretaker.target.Targets;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every probe Caretaker runs: one or more per configured target ({@code caretaker.targets.<name>}, types http,
 * tcp, tls, disk, postgres, prometheus) with its {@code interval}, {@code timeout}, {@code warn} and
 * {@code critical}, plus the bot's own disk (its data directory). The bot's own database is probed as the
 * implicit postgres target when no other is configured.
 */
@Singleton
public class ProbeCatalog {

    /** The target name of the bot's own probes. */
    public static final String SELF = "caretaker";

    private final List<Probe> probes;

    public ProbeCatalog(Targets targets, Clock clock, HttpClient http, ObjectMapper json,
                        @Value("${caretaker.probes.interval:60s}") String interval,
                        @Value("${caretaker.probes.timeout:10s}") String timeout,
                        @Value("${caretaker.probes.self:true}") boolean self,
                        @Value("${caretaker.embedded-postgres.data-dir:data/postgres}") String dataDir) {
        Duration defaultInterval = ProbeSettings.parseDuration(interval)
                .orElseThrow(() -> new ConfigurationException(Messages.settingNotDuration("caretaker.probes.interval")));
        Duration defaultTimeout = ProbeSettings.parseDuration(timeout)
                .orElseThrow(() -> new ConfigurationException(Messages.settingNotDuration("caretaker.probes.timeout")));
        List<Probe> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String name : targets.names(null)) {
            TargetSpec spec = targets.spec(name).orElseThrow();
            try {
                out.addAll(probesOf(spec, targets, clock, http, json, defaultInterval, defaultTimeout));
            } catch (IllegalArgumentException e) {
                problems.add(Messages.targetMisconfigured(name, e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join(" ", problems));
        }
        if (self && targets.spec(SELF).map(t -> !t.type().equals("disk")).orElse(true)) {
            Path dir = Path.of(dataDir);
            Path disk = Files.isDirectory(dir) ? dir : Path.of(".").toAbsolutePath().normalize();
            out.add(new DiskProbe(SELF, defaultInterval, defaultTimeout, clock, disk, Thresholds.above(80.0, 90.0)));
        }
        this.probes = Collections.unmodifiableList(out);
    }

    public List<Probe> probes() {
        return probes;
    }

    private static List<Probe> probesOf(TargetSpec spec, Targets targets, Clock clock, HttpClient http,
                                        ObjectMapper json, Duration defaultInterval, Duration defaultTimeout) {
        ProbeSettings s = new ProbeSettings(spec);
        String name = spec.name();
        Duration interval = s.duration("interval", defaultInterval);
        Duration timeout = s.duration("timeout", defaultTimeout);
        if (interval.isZero() || interval.isNegative() || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException(Messages.probeDurationsPositive());
        }
        switch (spec.type()) {
            case "http": {
                URI url = uri(s.required("url"), "url");
                return List.of(new HttpProbe(name, interval, timeout, clock, http, json, url, s.integer("expect-status", 200),
                        s.string("expect-body").orElse(null), s.string("expect-json").orElse(null),
                        s.thresholds(500.0, 2000.0, false)));
            }
            case "tcp": {
                HostPort hp = hostPort(s, -1);
                return List.of(new TcpProbe(name, interval, timeout, clock, hp.host(), hp.port(),
                        s.thresholds(500.0, 2000.0, false)));
            }
            case "tls": {
                HostPort hp = hostPort(s, 443);
                return List.of(new TlsProbe(name, interval, timeout, clock, hp.host(), hp.port(),
                        s.thresholds(30.0, 7.0, true)));
            }
            case "disk":
                return List.of(new DiskProbe(name, interval, timeout, clock, Path.of(s.required("path")),
                        s.thresholds(80.0, 90.0, false)));
            case "prometheus": {
                Thresholds t = new Thresholds(s.number("warn", null), s.number("critical", null),
                        s.string("direction").map("below"::equalsIgnoreCase).orElse(false));
                if (t.warn() == null && t.critical() == null) {
                    throw new IllegalArgumentException(Messages.prometheusNeedsLevel());
                }
                return List.of(new PrometheusProbe(name, interval, timeout, clock, http, json, uri(s.required("url"), "url"),
                        s.required("query"), t, s.string("unit").orElse("")));
            }
            case "postgres":
                return targets.postgres(name).map(client -> PostgresProbes.of(name, client, interval, timeout, clock,
                        s.thresholds(PostgresProbes.LATENCY.warn(), PostgresProbes.LATENCY.critical(), false)))
                        .orElse(List.of());
            default:
                // redis, queues, backups: their capabilities add probes through the same interface
                return List.of();
        }
    }

    private record HostPort(String host, int port) {
    }

    private static HostPort hostPort(ProbeSettings s, int defaultPort) {
        if (s.string("url").isPresent()) {
            URI u = uri(s.string("url").get(), "url");
            int port = u.getPort() > 0 ? u.getPort() : defaultPort;
            if (u.getHost() == null || port <= 0) {
                throw new IllegalArgumentException(Messages.probeNeedsHostPort());
            }
            return new HostPort(u.getHost(), port);
        }
        String host = s.string("host").orElseThrow(() -> new IllegalArgumentException(Messages.probeNeedsHostPort()));
        int port = s.integer("port", defaultPort);
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException(Messages.probeNeedsHostPort());
        }
        return new HostPort(host, port);
    }

    private static URI uri(String text, String key) {
        try {
            URI u = URI.create(text);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException(Messages.settingNotUrl(key));
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Messages.settingNotUrl(key), e);
        }
    }
}
