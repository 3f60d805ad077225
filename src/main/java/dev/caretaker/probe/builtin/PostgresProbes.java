package dev.caretaker.probe.builtin;

import dev.caretaker.probe.Probe;
import dev.caretaker.probe.Thresholds;
import dev.caretaker.target.postgres.PostgresClient;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The PostgreSQL probes of one target: connection latency (a failed connection is critical), connections in use
 * as a percentage of {@code max_connections}, and the age of the oldest open transaction.
 */
public final class PostgresProbes {

    /** Default levels: latency in ms, connections in %, transaction age in seconds. */
    public static final Thresholds LATENCY = Thresholds.above(500.0, 2000.0);
    public static final Thresholds CONNECTIONS = Thresholds.above(80.0, 90.0);
    public static final Thresholds TRANSACTION_AGE = Thresholds.above(300.0, 1800.0);

    private PostgresProbes() {
    }

    public static List<Probe> of(String target, PostgresClient client, Duration interval, Duration timeout,
                                 Clock clock, Thresholds latency) {
        return List.of(
                new Check(target, "postgres-connect", interval, timeout, clock, () -> {
                    double ms = client.connectionLatency().toNanos() / 1_000_000.0;
                    return BaseProbe.Measurement.judged(latency, Math.round(ms * 10) / 10.0, "ms",
                            ProbeResultMessages.latencyLabel(ProbeResultMessages.databaseLabel(target)));
                }),
                new Check(target, "postgres-connections", interval, timeout, clock, () ->
                        BaseProbe.Measurement.judged(CONNECTIONS, Math.round(client.connectionsUsedPercent() * 10) / 10.0,
                                "%", ProbeResultMessages.connectionsLabel())),
                new Check(target, "postgres-longest-transaction", interval, timeout, clock, () ->
                        BaseProbe.Measurement.judged(TRANSACTION_AGE, (double) client.longestTransaction().toSeconds(),
                                "s", ProbeResultMessages.longestTransactionLabel())));
    }

    /** One measurement of the target. */
    @FunctionalInterface
    interface Measure {
        BaseProbe.Measurement take() throws Exception;
    }

    private static final class Check extends BaseProbe {
        private final Measure measure;
        private final String target;

        Check(String target, String name, Duration interval, Duration timeout, Clock clock, Measure measure) {
            super(target, name, interval, timeout, clock);
            this.target = target;
            this.measure = measure;
        }

        @Override
        Measurement measure() throws Exception {
            return measure.take();
        }

        @Override
        String what() {
            return ProbeResultMessages.databaseLabel(target);
        }
    }
}
