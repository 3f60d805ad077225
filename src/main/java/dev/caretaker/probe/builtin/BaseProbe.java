package dev.caretaker.probe.builtin;

import dev.caretaker.probe.Probe;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.probe.Thresholds;

import java.time.Clock;
import java.time.Duration;

/** What every built-in probe shares: its names, schedule, the clock, and turning a failure into CRITICAL. */
abstract class BaseProbe implements Probe {

    /** What one check measured. */
    record Measurement(ProbeStatus status, Double value, String unit, String detail) {

        static Measurement judged(Thresholds t, double value, String unit, String label) {
            ProbeStatus status = t.judge(value);
            return new Measurement(status, value, unit, ProbeResultMessages.probeValue(label, Thresholds.format(value), unit,
                    t.describe(status, unit)));
        }

        static Measurement critical(String detail) {
            return new Measurement(ProbeStatus.CRITICAL, null, "", detail);
        }
    }

    private final String target;
    private final String name;
    private final Duration interval;
    private final Duration timeout;
    private final Clock clock;

    BaseProbe(String target, String name, Duration interval, Duration timeout, Clock clock) {
        this.target = target;
        this.name = name;
        this.interval = interval;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public final String target() {
        return target;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Duration interval() {
        return interval;
    }

    @Override
    public final Duration timeout() {
        return timeout;
    }

    @Override
    public final ProbeResult check() {
        long start = System.nanoTime();
        Measurement m;
        try {
            m = measure();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            m = Measurement.critical(ProbeResultMessages.probeUnreachable(what(), reason(e)));
        }
        return new ProbeResult(target, name, m.status(), m.value(), m.unit(), m.detail(),
                Duration.ofNanos(System.nanoTime() - start), clock.instant());
    }

    /** Takes the measurement; any exception means the target could not be checked (CRITICAL). */
    abstract Measurement measure() throws Exception;

    /** What is checked, as people name it (a URL, host:port, a path). */
    abstract String what();

    static String reason(Exception e) {
        String m = e.getMessage();
        String type = e.getClass().getSimpleName();
        return m == null || m.isBlank() ? type : type + ": " + m.replaceAll("[\\r\\n]+", " ");
    }
}
