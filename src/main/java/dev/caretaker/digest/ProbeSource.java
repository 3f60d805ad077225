package dev.caretaker.digest;

import dev.caretaker.probe.ProbeResult;

import java.util.List;

/**
 * Fresh probe results for the digest: every configured probe, run now. The default, {@link CatalogProbes}, runs
 * the probe catalogue of the alerts capability; tests put fixed results in its place.
 */
public interface ProbeSource {

    List<ProbeResult> runAll();

    /** Fresh results of one probe kind only ({@code tls-expiry}, …). */
    default List<ProbeResult> run(String probe) {
        return runAll().stream().filter(r -> r.probe().equals(probe)).toList();
    }
}
