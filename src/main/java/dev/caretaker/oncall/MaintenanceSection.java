package dev.caretaker.oncall;

import dev.caretaker.digest.DigestContext;
import dev.caretaker.digest.DigestSection;
import dev.caretaker.digest.Section;
import dev.caretaker.reply.Block;
import dev.caretaker.store.AlertRecord;
import dev.caretaker.store.MaintenanceWindow;
import dev.caretaker.store.MaintenanceWindowStore;
import dev.caretaker.store.AlertStore;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code maintenance}: the windows of the last 24 h (and those planned), with what each held; left out when none. */
@Singleton
public final class MaintenanceSection implements DigestSection {

    private final MaintenanceWindowStore windows;
    private final AlertStore alerts;

    public MaintenanceSection(MaintenanceWindowStore windows, AlertStore alerts) {
        this.windows = windows;
        this.alerts = alerts;
    }

    @Override
    public String name() {
        return "maintenance";
    }

    @Override
    public int order() {
        return 25;
    }

    @Override
    public Section render(DigestContext context) {
        List<MaintenanceWindow> recent = windows.since(context.since(), MaintenanceRenderer.MAX_ROWS).stream()
                .filter(w -> !w.cancelled()).toList();
        if (recent.isEmpty()) {
            return Section.EMPTY;
        }
        Map<Long, List<AlertRecord>> held = alerts.heldByWindows(recent.stream().map(MaintenanceWindow::id).toList());
        List<String> lines = new ArrayList<>();
        lines.add(MaintenanceMessages.digestHeader());
        for (MaintenanceWindow w : recent.reversed()) {
            lines.add(MaintenanceMessages.digestLine(w.id(), MaintenanceRenderer.state(w, context.now()),
                    MaintenanceMessages.covers(w.targets(), w.matchers()), Times.at(w.startsAt(), context.zone()),
                    Times.at(w.endsAt(), context.zone()), w.reason(),
                    MaintenanceRenderer.heldCounts(held.getOrDefault(w.id(), List.of()))));
        }
        return Section.of(new Block.Text(String.join("\n", lines)));
    }
}
