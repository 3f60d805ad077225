package dev.caretaker.probe.builtin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.probe.Probe;
import dev.caretaker.probe.ProbeKind;
import dev.caretaker.probe.ProbeMessages;
import dev.caretaker.probe.ProbeSettings;
import dev.caretaker.probe.Thresholds;
import dev.caretaker.target.postgres.PostgresTargets;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The probe kinds of the built-in target types, each a {@link ProbeKind} bean the catalogue finds. */
@Factory
class BuiltinProbeKinds {

    /** A kind from its type and how it builds the probes of one target. */
    private record Kind(String type, Builder builder) implements ProbeKind {

        @FunctionalInterface
        interface Builder {
            List<Probe> probes(ProbeSettings s, Duration interval, Duration timeout);
        }

        @Override
        public List<Probe> probes(ProbeSettings settings, Duration interval, Duration timeout) {
            return builder.probes(settings, interval, timeout);
        }
    }

    @Singleton
    @Named("http")
    ProbeKind http(Clock clock, HttpClient client, ObjectMapper json) {
        return new Kind("http", (s, interval, timeout) -> List.of(new HttpProbe(s.spec().name(), interval, timeout,
                clock, client, json, s.uri("url"), s.integer("expect-status", 200), s.string("expect-body").orElse(null),
                s.string("expect-json").orElse(null), s.thresholds(500.0, 2000.0, false))));
    }

    @Singleton
    @Named("tcp")
    ProbeKind tcp(Clock clock) {
        return new Kind("tcp", (s, interval, timeout) -> {
            ProbeSettings.HostPort hp = s.hostPort(-1);
            return List.of(new TcpProbe(s.spec().name(), interval, timeout, clock, hp.host(), hp.port(),
                    s.thresholds(500.0, 2000.0, false)));
        });
    }

    @Singleton
    @Named("tls")
    ProbeKind tls(Clock clock) {
        return new Kind("tls", (s, interval, timeout) -> {
            ProbeSettings.HostPort hp = s.hostPort(443);
            return List.of(new TlsProbe(s.spec().name(), interval, timeout, clock, hp.host(), hp.port(),
                    s.thresholds(30.0, 7.0, true)));
        });
    }

    @Singleton
    @Named("disk")
    ProbeKind disk(Clock clock) {
        return new Kind("disk", (s, interval, timeout) -> List.of(new DiskProbe(s.spec().name(), interval, timeout,
                clock, Path.of(s.required("path")), s.thresholds(80.0, 90.0, false))));
    }

    @Singleton
    @Named("prometheus")
    ProbeKind prometheus(Clock clock, HttpClient client, ObjectMapper json) {
        return new Kind("prometheus", (s, interval, timeout) -> {
            Thresholds t = new Thresholds(s.number("warn", null), s.number("critical", null),
                    s.string("direction").map("below"::equalsIgnoreCase).orElse(false));
            if (t.warn() == null && t.critical() == null) {
                throw new IllegalArgumentException(ProbeMessages.prometheusNeedsLevel());
            }
            return List.of(new PrometheusProbe(s.spec().name(), interval, timeout, clock, client, json, s.uri("url"),
                    s.required("query"), t, s.string("unit").orElse("")));
        });
    }

    @Singleton
    @Named("postgres")
    ProbeKind postgres(Clock clock, PostgresTargets targets) {
        return new Kind("postgres", (s, interval, timeout) -> targets.client(s.spec().name())
                .map(client -> PostgresProbes.of(s.spec().name(), client, interval, timeout, clock,
                        s.thresholds(PostgresProbes.LATENCY.warn(), PostgresProbes.LATENCY.critical(), false)))
                .orElse(List.of()));
    }
}
