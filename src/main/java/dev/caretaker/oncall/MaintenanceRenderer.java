package dev.caretaker.oncall;

import dev.caretaker.alert.AlertService;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.store.AlertRecord;
import dev.caretaker.store.MaintenanceWindow;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The messages of maintenance windows: the banners, the end summary, a hook's outcome, and the listings. */
@Singleton
public class MaintenanceRenderer {

    /** Rows a listing or summary shows; the rest is left to `maint list` with a shorter span. */
    static final int MAX_ROWS = 25;
    private static final int MAX_CELL = 80;

    private final MaintenanceConfig config;

    public MaintenanceRenderer(MaintenanceConfig config) {
        this.config = config;
    }

    /** The banner at the start; edited at the end to say the window is over. */
    public Reply startBanner(MaintenanceWindow w, boolean alertmanager) {
        ZoneId zone = config.zone();
        boolean ended = w.closedAt() != null;
        String covers = MaintenanceMessages.covers(w.targets(), w.matchers());
        Reply.Builder r = Reply.builder()
                .header(ended ? MaintenanceMessages.endedHeader(w.id(), w.reason()) : MaintenanceMessages.startHeader(w.id(), w.reason()))
                .severity(ended ? Severity.OK : Severity.INFO)
                .text(ended ? MaintenanceMessages.endedText(Times.at(w.endsAt(), zone))
                        : MaintenanceMessages.startText(covers, Times.at(w.endsAt(), zone)));
        List<Block.Field> fields = new ArrayList<>();
        fields.add(new Block.Field(MaintenanceMessages.COVERS, cut(covers)));
        fields.add(new Block.Field(MaintenanceMessages.FROM, Times.at(w.startsAt(), zone)));
        fields.add(new Block.Field(MaintenanceMessages.UNTIL, Times.at(w.endsAt(), zone)));
        fields.add(new Block.Field(MaintenanceMessages.BY, cut(w.createdBy())));
        fields.add(new Block.Field(MaintenanceMessages.ALERTMANAGER, alertmanager ? MaintenanceMessages.silenced()
                : MaintenanceMessages.notSilenced()));
        return r.fields(fields).build();
    }

    /** The one message at the end: what the covered probes say now, and what became of the held alerts. */
    public Reply endSummary(MaintenanceWindow w, List<ProbeResult> results, AlertService.Released released,
                            List<String> problems) {
        List<ProbeResult> failing = results.stream().filter(r -> r.status() != ProbeStatus.OK).toList();
        Reply.Builder r = Reply.builder().header(MaintenanceMessages.summaryHeader(w.id()))
                .severity(failing.stream().anyMatch(f -> f.status() == ProbeStatus.CRITICAL) ? Severity.CRITICAL
                        : failing.isEmpty() && released.posted().isEmpty() ? Severity.OK : Severity.WARN);
        if (results.isEmpty()) {
            r.text(MaintenanceMessages.noProbes());
        } else if (failing.isEmpty()) {
            r.text(MaintenanceMessages.allPass(results.size()));
        } else {
            r.text(MaintenanceMessages.stillFailing(failing.size(), results.size()));
            List<List<String>> rows = new ArrayList<>();
            for (ProbeResult f : failing.stream().limit(MAX_ROWS).toList()) {
                rows.add(List.of(f.target(), f.probe(), f.status().name().toLowerCase(Locale.ROOT), cut(f.detail())));
            }
            r.table(MaintenanceMessages.FAILING_COLUMNS, rows);
        }
        List<Block.Field> fields = new ArrayList<>();
        fields.add(new Block.Field(MaintenanceMessages.COVERS, cut(MaintenanceMessages.covers(w.targets(), w.matchers()))));
        fields.add(new Block.Field(MaintenanceMessages.HELD, MaintenanceMessages.heldOutcome(released.posted().size(),
                released.resolved().size())));
        r.fields(fields);
        if (!released.posted().isEmpty()) {
            r.text(cut(MaintenanceMessages.heldFiringList(String.join(", ", released.posted().stream()
                    .map(a -> "#" + a.id() + " " + a.name()).limit(MAX_ROWS).toList())), 900));
        }
        if (!problems.isEmpty()) {
            r.text(cut(MaintenanceMessages.endProblems(problems), 900));
        }
        return r.build();
    }

    /** What a hook answered, under the banner. */
    public Reply hookOutcome(String line, String phase, boolean ok, Reply answer) {
        Reply.Builder r = Reply.builder().header(cut(MaintenanceMessages.hookHeader(line, phase, ok), 140))
                .severity(ok ? Severity.OK : Severity.WARN);
        answer.blocks().forEach(r::block);
        return r.build();
    }

    /** Windows on and planned, for {@code maint status}. */
    public Reply status(List<MaintenanceWindow> windows, Map<Long, List<AlertRecord>> held, Instant now, ZoneId zone) {
        int on = (int) windows.stream().filter(w -> w.activeAt(now)).count();
        return Reply.builder().header(MaintenanceMessages.statusHeader(on, windows.size() - on))
                .table(MaintenanceMessages.LIST_COLUMNS, rows(windows, held, now, zone)).build();
    }

    /** Windows since a time, for {@code maint list}. */
    public Reply list(String since, List<MaintenanceWindow> windows, Map<Long, List<AlertRecord>> held, Instant now,
                      ZoneId zone) {
        return Reply.builder().header(MaintenanceMessages.listHeader(since, windows.size()))
                .table(MaintenanceMessages.LIST_COLUMNS, rows(windows, held, now, zone)).build();
    }

    private static List<List<String>> rows(List<MaintenanceWindow> windows, Map<Long, List<AlertRecord>> held,
                                           Instant now, ZoneId zone) {
        List<List<String>> rows = new ArrayList<>();
        for (MaintenanceWindow w : windows.stream().limit(MAX_ROWS).toList()) {
            rows.add(List.of("#" + w.id(), state(w, now), cut(MaintenanceMessages.covers(w.targets(), w.matchers())),
                    Times.at(w.startsAt(), zone), Times.at(w.endsAt(), zone), cut(w.reason()), cut(w.createdBy()),
                    heldCounts(held.getOrDefault(w.id(), List.of()))));
        }
        return rows;
    }

    static String state(MaintenanceWindow w, Instant now) {
        return MaintenanceMessages.state(w.startsAt().isAfter(now) && !w.cancelled(), w.activeAt(now), w.cancelled());
    }

    static String heldCounts(List<AlertRecord> held) {
        int now = (int) held.stream().filter(AlertRecord::held).count();
        int posted = (int) held.stream().filter(a -> AlertRecord.POSTED_AFTER_MAINTENANCE.equals(a.holdOutcome())).count();
        int resolved = (int) held.stream().filter(a -> AlertRecord.RESOLVED_DURING_MAINTENANCE.equals(a.holdOutcome())).count();
        return MaintenanceMessages.heldCounts(now, posted, resolved);
    }

    private static String cut(String text) {
        return cut(text, MAX_CELL);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
