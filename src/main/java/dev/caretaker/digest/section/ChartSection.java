package dev.caretaker.digest.section;

import dev.caretaker.store.ProbeRollups;
import dev.caretaker.digest.ChartRenderer;
import dev.caretaker.digest.DigestContext;
import dev.caretaker.digest.DigestSection;
import dev.caretaker.digest.Section;
import dev.caretaker.probe.ProbeResult;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code chart}: HTTP response time per target over the last 24 h (hourly means from the history, then this run's
 * value), for the slowest few targets: a picture of the day that the tables above do not give.
 */
@Singleton
public final class ChartSection implements DigestSection {

    /** More lines than this make a chart nobody can read. */
    public static final int MAX_SERIES = 8;
    public static final String FILE_NAME = "caretaker-digest.png";

    private final ProbeRollups history;
    private final ChartRenderer renderer;

    public ChartSection(ProbeRollups history, ChartRenderer renderer) {
        this.history = history;
        this.renderer = renderer;
    }

    @Override
    public String name() {
        return "chart";
    }

    @Override
    public int order() {
        return 90;
    }

    @Override
    public Section render(DigestContext context) throws Exception {
        Map<String, List<ProbeRollups.Bucket>> hourly = history.hourly("http", context.since(), context.now());
        Map<String, List<ChartRenderer.Point>> series = new LinkedHashMap<>();
        for (Map.Entry<String, List<ProbeRollups.Bucket>> e : hourly.entrySet()) {
            List<ChartRenderer.Point> points = new ArrayList<>();
            for (ProbeRollups.Bucket b : e.getValue()) {
                if (b.mean() != null) {
                    points.add(new ChartRenderer.Point(b.hour(), b.mean()));
                }
            }
            series.put(e.getKey(), points);
        }
        for (ProbeResult r : context.probes("http")) {
            if (r.value() != null) {
                series.computeIfAbsent(r.target(), t -> new ArrayList<>()).add(new ChartRenderer.Point(r.at(), r.value()));
            }
        }
        Map<String, List<ChartRenderer.Point>> slowest = new LinkedHashMap<>();
        series.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, List<ChartRenderer.Point>> e) -> e.getValue()
                        .stream().mapToDouble(ChartRenderer.Point::value).max().orElse(0)).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(MAX_SERIES)
                .forEach(e -> slowest.put(e.getKey(), e.getValue()));
        return renderer.lines(SectionMessages.digestChartTitle(), "ms", FILE_NAME, slowest, context.zone())
                .map(image -> Section.of(image)).orElse(Section.EMPTY);
    }
}
