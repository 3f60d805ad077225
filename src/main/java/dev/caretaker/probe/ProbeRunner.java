package dev.caretaker.probe;

import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;

/**
 * Runs probes in parallel, at most {@code concurrency} at a time, each within its own timeout. A probe that
 * throws or does not answer in time becomes a CRITICAL result saying so; results come back in input order.
 */
@Singleton
public class ProbeRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeRunner.class);
    private static final Duration[] BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(250), Duration.ofSeconds(1),
        Duration.ofSeconds(5), Duration.ofSeconds(15)};

    private final Clock clock;
    private final ExecutorService threads;
    private final MeterRegistry meters;

    /** @param threads where probes run: Micronaut's blocking executor, a virtual thread per probe */
    public ProbeRunner(Clock clock, @Named(TaskExecutors.BLOCKING) ExecutorService threads, MeterRegistry meters) {
        this.clock = clock;
        this.threads = threads;
        this.meters = meters;
    }

    public List<ProbeResult> runAll(Collection<Probe> probes, int concurrency) {
        Semaphore permits = new Semaphore(Math.max(1, concurrency));
        List<Probe> ordered = List.copyOf(probes);
        List<CompletableFuture<ProbeResult>> futures = new ArrayList<>();
        for (Probe probe : ordered) {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            CompletableFuture<ProbeResult> f = CompletableFuture.supplyAsync(probe::check, threads)
                    .orTimeout(probe.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .exceptionally(e -> failed(probe, e));
            // a permit is returned when the result is known, also on timeout; the probe's own socket timeouts end it
            f.whenComplete((r, e) -> permits.release());
            futures.add(f);
        }
        List<ProbeResult> out = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            out.add(futures.get(i).join());
        }
        for (int i = futures.size(); i < ordered.size(); i++) {
            out.add(failed(ordered.get(i), new InterruptedException("interrupted before it ran")));
        }
        out.forEach(this::count);
        return out;
    }

    /** {@code caretaker_probe_seconds{target, probe, status}}: how long each check took and how it came out. */
    private void count(ProbeResult r) {
        Timer.builder("caretaker.probe").description("Probe checks by target and result")
                .tag("target", r.target()).tag("probe", r.probe())
                .tag("status", r.status().name().toLowerCase(Locale.ROOT))
                .serviceLevelObjectives(BUCKETS)
                .register(meters)
                .record(r.latency() == null ? Duration.ZERO : r.latency());
    }

    private ProbeResult failed(Probe probe, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        String detail;
        if (cause instanceof TimeoutException) {
            detail = ProbeMessages.probeTimedOut(probe.timeout());
        } else {
            LOG.warn("Probe {}/{} failed", probe.target(), probe.name(), cause);
            detail = ProbeMessages.probeCrashed(cause.getClass().getSimpleName());
        }
        Duration took = cause instanceof TimeoutException ? probe.timeout() : Duration.ZERO;
        return new ProbeResult(probe.target(), probe.name(), ProbeStatus.CRITICAL, null, "", detail, took,
                clock.instant());
    }
}
