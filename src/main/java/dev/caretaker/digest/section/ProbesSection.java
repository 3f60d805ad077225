package dev.caretaker.digest.section;

import dev.caretaker.store.ProbeRollups;
import dev.caretaker.digest.DigestContext;
import dev.caretaker.digest.DigestFormat;
import dev.caretaker.digest.DigestSection;
import dev.caretaker.digest.Section;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.reply.Block;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code probes}: every probe by target with its value and the change against the same hour yesterday and the
 * last 7 days (from the hourly rollups). With many targets, the ones in trouble and the slowest are listed and the
 * rest counted, so the message stays readable and within platform limits.
 */
@Singleton
public final class ProbesSection implements DigestSection {

    /** Rows in the table; the rest are counted in one line. */
    public static final int MAX_ROWS = 15;

    private final ProbeRollups history;

    public ProbesSection(ProbeRollups history) {
        this.history = history;
    }

    @Override
    public String name() {
        return "probes";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public Section render(DigestContext context) {
        List<ProbeResult> results = context.probes();
        if (results.isEmpty()) {
            return Section.of(new Block.Text(SectionMessages.digestNoProbes()));
        }
        Map<String, Map<String, ProbeRollups.Baseline>> baselines = new HashMap<>();
        for (String probe : results.stream().map(ProbeResult::probe).distinct().toList()) {
            baselines.put(probe, history.baselines(probe, context.now()));
        }
        List<ProbeResult> shown = new ArrayList<>(results);
        // worst first, then slowest, then by name so the table is stable
        shown.sort(Comparator.comparing(ProbeResult::status).reversed()
                .thenComparing(Comparator.comparing(ProbesSection::valueOrLatency).reversed())
                .thenComparing(ProbeResult::target).thenComparing(ProbeResult::probe));
        List<List<String>> rows = new ArrayList<>();
        for (ProbeResult r : shown.subList(0, Math.min(MAX_ROWS, shown.size()))) {
            ProbeRollups.Baseline b = baselines.get(r.probe()).get(r.target());
            String value = r.value() == null ? r.detail() : DigestFormat.value(r.value(), r.unit());
            rows.add(List.of(r.target(), r.probe(), DigestFormat.status(r.status()), value,
                    r.value() == null || b == null ? "–" : DigestFormat.change(r.value(), b.yesterday()),
                    r.value() == null || b == null ? "–" : DigestFormat.change(r.value(), b.week())));
        }
        long ok = results.stream().filter(r -> r.status() == ProbeStatus.OK).count();
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Text(SectionMessages.digestProbesSummary(ok, results.size())));
        blocks.add(new Block.Table(SectionMessages.probesColumns(), rows));
        if (shown.size() > MAX_ROWS) {
            blocks.add(new Block.Text(SectionMessages.digestProbesMore(shown.size() - MAX_ROWS)));
        }
        return new Section(blocks, 0, 0);
    }

    private static double valueOrLatency(ProbeResult r) {
        return r.value() != null ? r.value() : r.latency().toMillis();
    }
}
