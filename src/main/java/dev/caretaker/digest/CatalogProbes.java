package dev.caretaker.digest;

import dev.caretaker.probe.Probe;
import dev.caretaker.probe.ProbeCatalog;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeRunner;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Fresh results for the digest from the probes the alerts capability runs on schedule: every probe of the
 * {@link ProbeCatalog} (targets from config plus the bot's own), run now by the {@link ProbeRunner}.
 */
@Singleton
public class CatalogProbes implements ProbeSource {

    private final ProbeCatalog catalog;
    private final ProbeRunner runner;
    private final int concurrency;

    public CatalogProbes(ProbeCatalog catalog, ProbeRunner runner, DigestSettings settings) {
        this.catalog = catalog;
        this.runner = runner;
        this.concurrency = settings.probeConcurrency();
    }

    @Override
    public List<ProbeResult> runAll() {
        return runner.runAll(catalog.probes(), concurrency);
    }

    @Override
    public List<ProbeResult> run(String probe) {
        List<Probe> some = catalog.probes().stream().filter(p -> p.name().equals(probe)).toList();
        return some.isEmpty() ? List.of() : runner.runAll(some, concurrency);
    }
}
