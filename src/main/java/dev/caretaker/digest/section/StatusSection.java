package dev.caretaker.digest.section;

import dev.caretaker.digest.AlertSource;
import dev.caretaker.digest.DigestContext;
import dev.caretaker.digest.DigestSection;
import dev.caretaker.digest.Section;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.reply.Block;
import jakarta.inject.Singleton;

/** {@code status}: one line on top: all good, or how many warnings and critical problems there are. */
@Singleton
public final class StatusSection implements DigestSection {

    private final AlertSource alerts;

    public StatusSection(AlertSource alerts) {
        this.alerts = alerts;
    }

    @Override
    public String name() {
        return "status";
    }

    @Override
    public int order() {
        return 0;
    }

    @Override
    public Section render(DigestContext context) {
        int warnings = (int) context.count(ProbeStatus.WARN);
        int criticals = (int) context.count(ProbeStatus.CRITICAL);
        for (AlertSource.AlertSummary a : alerts.since(context.since())) {
            if (a.firing()) {
                if (a.severity().equalsIgnoreCase("critical")) {
                    criticals++;
                } else if (a.severity().equalsIgnoreCase("warning")) {
                    warnings++;
                }
            }
        }
        String line = warnings == 0 && criticals == 0
                ? SectionMessages.digestAllGood(context.probes().size())
                : SectionMessages.digestProblems(warnings, criticals);
        return new Section(java.util.List.of(new Block.Text(line)), warnings, criticals);
    }
}
