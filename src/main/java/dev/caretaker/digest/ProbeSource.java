package dev.caretaker.digest;

import dev.caretaker.probe.ProbeResult;

import java.util.List;

/**
 * Fresh probe results for the digest: every configured probe, run now. The default is {@link TargetProbes};
 * once the probe catalogue and runner exist, an adapter over them replaces it.
 */
public interface ProbeSource {

    List<ProbeResult> runAll();

    /** Fresh results of one probe kind only ({@code tls-expiry}, …). */
    default List<ProbeResult> run(String probe) {
        return runAll().stream().filter(r -> r.probe().equals(probe)).toList();
    }
}
