package dev.caretaker.digest;

import dev.caretaker.probe.ProbeResult;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Probe results a test decides, in place of probing real targets. */
@Singleton
@Replaces(CatalogProbes.class)
@Requires(property = "caretaker.test.fixed-probes", value = "true")
public final class FixedProbes implements ProbeSource {

    private final AtomicReference<List<ProbeResult>> results = new AtomicReference<>(List.of());

    public void set(List<ProbeResult> r) {
        results.set(List.copyOf(r));
    }

    @Override
    public List<ProbeResult> runAll() {
        return results.get();
    }
}
