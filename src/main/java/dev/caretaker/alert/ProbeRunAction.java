package dev.caretaker.alert;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.probe.Probe;
import dev.caretaker.probe.ProbeCatalog;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeRunner;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.probe.ProbesSettings;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.TreeSet;

/**
 * {@code probe run <target>}: runs a target's probes now, as configured (its thresholds), and succeeds unless one is
 * critical; a warning answers with a warning. A runbook's {@code watch:} and {@code wait-until:} steps use it to
 * judge health and error rates, e.g. the deploy guard's watch of a Prometheus error-rate target.
 */
@Singleton
@Named("probe.run")
public class ProbeRunAction implements Action {

    private final ProbeCatalog catalog;
    private final ProbeRunner runner;
    private final int concurrency;

    public ProbeRunAction(ProbeCatalog catalog, ProbeRunner runner, ProbesSettings settings) {
        this.catalog = catalog;
        this.runner = runner;
        this.concurrency = settings.concurrency();
    }

    @Override
    public ActionResult run(ActionContext context) {
        String target = context.args().string("target").orElse("");
        List<Probe> probes = catalog.probes().stream().filter(p -> p.target().equals(target)).toList();
        if (probes.isEmpty()) {
            return ActionResult.failed(ProbeRunMessages.noProbes(target,
                    new TreeSet<>(catalog.probes().stream().map(Probe::target).toList())));
        }
        List<ProbeResult> results = runner.runAll(probes, concurrency);
        boolean critical = results.stream().anyMatch(r -> r.status() == ProbeStatus.CRITICAL);
        boolean warn = results.stream().anyMatch(r -> r.status() == ProbeStatus.WARN);
        var reply = ProbeRunMessages.results(target, results, critical, warn);
        return critical ? new ActionResult.Failed(reply) : ActionResult.ok(reply);
    }
}
