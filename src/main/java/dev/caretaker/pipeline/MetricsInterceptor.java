package dev.caretaker.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/** Times every action run: {@code caretaker_command_seconds{command, outcome}} on {@code /prometheus}. */
public final class MetricsInterceptor implements Interceptor {

    private static final Duration[] BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(2)};

    private final MeterRegistry registry;

    public MetricsInterceptor(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Outcome apply(Invocation invocation, Chain chain) {
        Timer.Sample sample = Timer.start(registry);
        Outcome outcome = chain.proceed(invocation);
        sample.stop(Timer.builder("caretaker.command")
                .description("Time taken by command actions")
                .tag("command", invocation.command().name())
                .tag("outcome", outcome instanceof Outcome.Completed ? "ok" : "failed")
                .publishPercentileHistogram(false)
                // a few buckets for the dashboard's p95 (deploy/grafana), not Micrometer's seventy
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
        return outcome;
    }
}
