package dev.caretaker.oncall;

import dev.caretaker.alert.AlertHolds;
import dev.caretaker.store.AlertRecord;
import dev.caretaker.store.MaintenanceWindow;
import dev.caretaker.store.MaintenanceWindowStore;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Holds the alerts a maintenance window covers while it is on: the windows in force are read once per change, then
 * each alert's labels are matched against them ({@code target} / {@code service} among the window's targets, or
 * every {@code match=} matcher); the oldest covering window holds it.
 */
@Singleton
public class MaintenanceHolds implements AlertHolds {

    private final MaintenanceWindowStore windows;

    public MaintenanceHolds(MaintenanceWindowStore windows) {
        this.windows = windows;
    }

    @Override
    public Check at(Instant at) {
        List<MaintenanceWindow> active = windows.activeAt(at);
        if (active.isEmpty()) {
            return Check.NONE;
        }
        return labels -> active.stream().filter(w -> w.coversLabels(labels)).findFirst()
                .map(w -> AlertRecord.maintenanceHold(w.id()));
    }

    /** The window a hold names, if it is one of a window. */
    static Optional<Long> windowOf(String hold) {
        if (hold == null || !hold.startsWith("maintenance:")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(hold.substring("maintenance:".length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
