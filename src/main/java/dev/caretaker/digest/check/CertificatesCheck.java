package dev.caretaker.digest.check;

import dev.caretaker.digest.ChecklistCheck;
import dev.caretaker.digest.Evidence;
import dev.caretaker.digest.ProbeSource;
import dev.caretaker.probe.ProbeResult;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/** {@code certificates-over-30-days}: every TLS target's certificate is valid for more than 30 more days. */
@Singleton
public final class CertificatesCheck implements ChecklistCheck {

    public static final int MIN_DAYS = 30;

    private final ProbeSource probes;

    public CertificatesCheck(ProbeSource probes) {
        this.probes = probes;
    }

    @Override
    public String kind() {
        return "certificates-over-30-days";
    }

    @Override
    public Evidence check() {
        List<ProbeResult> tls = probes.run("tls-expiry");
        if (tls.isEmpty()) {
            return Evidence.unknown(CheckMessages.checkNoTlsTargets());
        }
        List<String> soon = new ArrayList<>();
        for (ProbeResult r : tls) {
            if (r.value() == null || r.value() <= MIN_DAYS) {
                soon.add(r.target() + (r.value() == null ? "" : " (" + Math.round(r.value()) + " days)"));
            }
        }
        return soon.isEmpty() ? Evidence.passed(CheckMessages.checkCertificatesOk(tls.size(), MIN_DAYS))
                : Evidence.failed(CheckMessages.checkCertificatesSoon(soon, MIN_DAYS));
    }
}
