package dev.caretaker.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Times every action run: {@code caretaker_command_seconds{command, outcome}} on {@code /prometheus}. */
public final class MetricsInterceptor implements Interceptor {

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
                .register(registry));
        return outcome;
    }
}
