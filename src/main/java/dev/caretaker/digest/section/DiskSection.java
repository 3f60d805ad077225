package dev.caretaker.digest.section;

import dev.caretaker.store.ProbeRollups;
import dev.caretaker.digest.DigestContext;
import dev.caretaker.digest.DigestFormat;
import dev.caretaker.digest.DigestSection;
import dev.caretaker.digest.Section;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.reply.Block;
import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** {@code disk}: how full each disk target is, fullest first, with the change over 7 days. */
@Singleton
public final class DiskSection implements DigestSection {

    private final ProbeRollups history;

    public DiskSection(ProbeRollups history) {
        this.history = history;
    }

    @Override
    public String name() {
        return "disk";
    }

    @Override
    public int order() {
        return 50;
    }

    @Override
    public Section render(DigestContext context) {
        List<ProbeResult> disks = context.probes("disk");
        if (disks.isEmpty()) {
            return Section.EMPTY;
        }
        Map<String, ProbeRollups.Baseline> week = history.baselines("disk", context.now());
        List<List<String>> rows = disks.stream()
                .sorted(Comparator.comparing((ProbeResult r) -> r.value() == null ? 101 : r.value()).reversed()
                        .thenComparing(ProbeResult::target))
                .map(r -> List.of(r.target(), DigestFormat.status(r.status()),
                        r.value() == null ? "–" : DigestFormat.value(r.value(), "%"), r.detail(),
                        r.value() == null || !week.containsKey(r.target()) ? "–"
                                : DigestFormat.change(r.value(), week.get(r.target()).week())))
                .toList();
        return Section.of(new Block.Text(SectionMessages.digestDiskHeading(disks.size())),
                new Block.Table(SectionMessages.diskColumns(), rows));
    }
}
