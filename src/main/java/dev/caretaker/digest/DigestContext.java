package dev.caretaker.digest;

import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * What one digest run knows when its sections render: the time it is for, the zone people read it in, and
 * the probe results gathered for it. Sections ask their own beans for anything else.
 *
 * @param now    when the digest is composed (the clock)
 * @param window how far back "recent" goes (24 h)
 */
public record DigestContext(DigestSpec spec, Instant now, Duration window, List<ProbeResult> probes) {

    public DigestContext {
        probes = List.copyOf(probes);
    }

    public ZoneId zone() {
        return spec.zone();
    }

    public Instant since() {
        return now.minus(window);
    }

    /** Fresh results of one probe kind ({@code http}, {@code tls-expiry}, {@code disk}, …). */
    public List<ProbeResult> probes(String probe) {
        return probes.stream().filter(r -> r.probe().equals(probe)).toList();
    }

    public long count(ProbeStatus status) {
        return probes.stream().filter(r -> r.status() == status).count();
    }
}
