package dev.caretaker.probe;

import dev.caretaker.alert.ProbeRows;
import dev.caretaker.store.ProbeResultStore;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Probes from configured targets plus the bot's own, run for real and stored. */
class ProbeCatalogTest {

    @Test
    void theEmbeddedDefaultProbesItsOwnDatabaseAndDiskAndStoresTheResults() {
        try (ApplicationContext ctx = TestContexts.start(Map.of("caretaker.probes.enabled", false,
                "caretaker.targets.web.type", "http", "caretaker.targets.web.url", "http://127.0.0.1:9/health",
                "caretaker.targets.web.interval", "15s", "caretaker.targets.web.timeout", "2s",
                "caretaker.targets.web.expect-json", "status=ok"))) {
            List<Probe> probes = ctx.getBean(ProbeCatalog.class).probes();
            Set<String> names = probes.stream().map(p -> p.target() + "/" + p.name()).collect(Collectors.toSet());
            assertEquals(Set.of("caretaker/postgres-connect", "caretaker/postgres-connections",
                    "caretaker/postgres-longest-transaction", "caretaker/disk", "web/http"), names);
            Probe web = probes.stream().filter(p -> p.target().equals("web")).findFirst().orElseThrow();
            assertEquals(Duration.ofSeconds(15), web.interval());
            assertEquals(Duration.ofSeconds(2), web.timeout());

            List<ProbeResult> results = ctx.getBean(ProbeRunner.class).runAll(probes, 4);
            for (ProbeResult r : results) {
                if (r.target().equals("caretaker") && r.probe().startsWith("postgres")) {
                    assertEquals(ProbeStatus.OK, r.status(), r.detail());
                }
            }
            assertEquals(ProbeStatus.CRITICAL, results.stream().filter(r -> r.target().equals("web")).findFirst()
                    .orElseThrow().status());

            ProbeResultStore store = ctx.getBean(ProbeResultStore.class);
            Instant before = Instant.now().minusSeconds(60);
            store.recordAll(ProbeRows.rows(results));
            assertEquals(results.size(), store.since(before).size());
            List<ProbeResult> own = ProbeRows.results(store.between("caretaker", before, Instant.now().plusSeconds(1)));
            assertEquals(4, own.size());
            assertTrue(own.stream().anyMatch(r -> r.probe().equals("disk") && r.unit().equals("%") && r.value() != null));
            assertEquals(1, store.latest("web", "http", 5).size());
        }
    }

    @Test
    void aMisconfiguredTargetFailsTheBootWithOneSentence() {
        Exception e = assertThrows(BeanInstantiationException.class, () -> TestContexts.start(Map.of(
                "caretaker.targets.errors.type", "prometheus", "caretaker.targets.errors.url", "http://127.0.0.1:9090",
                "caretaker.targets.errors.query", "rate(x[5m])")).close());
        String message = rootMessage(e);
        assertTrue(message.contains("Target `errors` is misconfigured: a prometheus target needs `query` and a "
                + "`warn` or `critical` level for its value; fix it under `caretaker.targets.errors`."), message);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
