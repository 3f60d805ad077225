package dev.caretaker.probe.builtin;

import dev.caretaker.probe.Thresholds;

import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Used space of the file system holding a path, in percent (warn above 80, critical above 90 by default). */
public final class DiskProbe extends BaseProbe {

    private final Path path;
    private final Thresholds used;

    public DiskProbe(String target, Duration interval, Duration timeout, Clock clock, Path path, Thresholds used) {
        super(target, "disk", interval, timeout, clock);
        this.path = path;
        this.used = used;
    }

    @Override
    Measurement measure() throws Exception {
        FileStore store = Files.getFileStore(path);
        long total = store.getTotalSpace();
        if (total <= 0) {
            return Measurement.critical(ProbeResultMessages.diskSizeUnknown(path.toString()));
        }
        // As df computes Use%: used / (used + available to us); blocks reserved for root count as neither.
        long taken = total - store.getUnallocatedSpace();
        long usable = store.getUsableSpace();
        double pct = taken + usable <= 0 ? 0 : taken * 100.0 / (taken + usable);
        return Measurement.judged(used, Math.round(pct * 10) / 10.0, "%", ProbeResultMessages.diskLabel(path.toString()));
    }

    @Override
    String what() {
        return path.toString();
    }
}
