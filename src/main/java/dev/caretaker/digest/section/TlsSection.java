package dev.caretaker.digest.section;

import dev.caretaker.digest.DigestContext;
import dev.caretaker.digest.DigestSection;
import dev.caretaker.digest.Section;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.reply.Block;
import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.List;

/** {@code tls}: certificates that expire within 30 days, soonest first (from the {@code tls-expiry} probes). */
@Singleton
public final class TlsSection implements DigestSection {

    public static final int WITHIN_DAYS = 30;

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public int order() {
        return 40;
    }

    @Override
    public Section render(DigestContext context) {
        List<ProbeResult> certs = context.probes("tls-expiry");
        if (certs.isEmpty()) {
            return Section.EMPTY;
        }
        List<ProbeResult> soon = certs.stream().filter(r -> r.value() == null || r.value() <= WITHIN_DAYS)
                .sorted(Comparator.comparing((ProbeResult r) -> r.value() == null ? -1 : r.value())
                        .thenComparing(ProbeResult::target))
                .toList();
        if (soon.isEmpty()) {
            return Section.of(new Block.Text(SectionMessages.digestCertificatesOk(certs.size(), WITHIN_DAYS)));
        }
        List<List<String>> rows = soon.stream().map(r -> List.of(r.target(),
                r.value() == null ? "–" : String.valueOf(Math.round(r.value())), r.detail())).toList();
        return Section.of(new Block.Text(SectionMessages.digestCertificatesSoon(soon.size(), WITHIN_DAYS)),
                new Block.Table(SectionMessages.certificatesColumns(), rows));
    }
}
