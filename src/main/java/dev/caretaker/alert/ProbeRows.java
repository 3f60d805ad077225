package dev.caretaker.alert;

import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.store.ProbeRow;

import java.util.List;

/** Probe results to and from the rows the store keeps ({@code store} knows nothing of the probe package). */
public final class ProbeRows {

    private ProbeRows() {
    }

    public static ProbeRow row(ProbeResult r) {
        return new ProbeRow(r.target(), r.probe(), r.status().name(), r.value(), r.unit(), r.detail(), r.latency(), r.at());
    }

    public static List<ProbeRow> rows(List<ProbeResult> results) {
        return results.stream().map(ProbeRows::row).toList();
    }

    public static ProbeResult result(ProbeRow r) {
        return new ProbeResult(r.target(), r.probe(), ProbeStatus.valueOf(r.status()), r.value(), r.unit(), r.detail(),
                r.latency(), r.at());
    }

    public static List<ProbeResult> results(List<ProbeRow> rows) {
        return rows.stream().map(ProbeRows::result).toList();
    }
}
