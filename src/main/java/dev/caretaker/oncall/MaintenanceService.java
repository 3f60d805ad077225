package dev.caretaker.oncall;

import dev.caretaker.action.Progress;
import dev.caretaker.alert.AlertService;
import dev.caretaker.alert.AlertmanagerSilences;
import dev.caretaker.alert.ProbeRules;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.probe.Probe;
import dev.caretaker.probe.ProbeCatalog;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeRunner;
import dev.caretaker.probe.ProbesSettings;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.Caller;
import dev.caretaker.store.AlertRecord;
import dev.caretaker.store.AlertStore;
import dev.caretaker.store.Leadership;
import dev.caretaker.store.MaintenanceWindow;
import dev.caretaker.store.MaintenanceWindowStore;
import dev.caretaker.store.Outbox;
import dev.caretaker.store.OutboxMessage;
import dev.caretaker.store.Transactions;
import io.micronaut.context.BeanProvider;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;

/**
 * Maintenance windows: opening one (now, or ahead of time), ending it early, and carrying out its start and its end,
 * each once across replicas. At the start a banner goes to the ops channels, Alertmanager silences the covered alerts
 * until the window's end, and the start hook runs. While it is on, the covered alerts are held ({@link MaintenanceHolds}).
 * At the end the silences are expired, the covered targets' probes run at once, held alerts still firing are posted and
 * the others recorded as resolved during maintenance, one message says what still fails, and the end hook runs.
 */
@Singleton
public class MaintenanceService {

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceService.class);
    /** Characters with a meaning in Alertmanager's (RE2) regular expressions. */
    private static final Pattern REGEX_META = Pattern.compile("[\\\\.^$|?*+()\\[\\]{}]");

    /** What someone asked for with {@code maint on}. */
    public record Request(String reason, List<String> targets, Map<String, String> matchers, Instant startsAt,
                          Duration duration, Caller by, ChannelAddress channel) {
    }

    private final MaintenanceWindowStore windows;
    private final Transactions transactions;
    private final Outbox outbox;
    private final AlertService alerts;
    private final AlertStore alertStore;
    private final AlertmanagerSilences silences;
    private final ProbeCatalog probes;
    private final ProbeRunner runner;
    private final ProbeRules rules;
    private final BeanProvider<Dispatcher> dispatcher;
    private final MaintenanceConfig config;
    private final MaintenanceRenderer renderer;
    private final Leadership leadership;
    private final ExecutorService workers;
    private final Clock clock;
    private final int concurrency;

    public MaintenanceService(MaintenanceWindowStore windows, Transactions transactions, Outbox outbox,
                              AlertService alerts, AlertStore alertStore, AlertmanagerSilences silences,
                              ProbeCatalog probes, ProbeRunner runner, ProbeRules rules,
                              BeanProvider<Dispatcher> dispatcher,
                              MaintenanceConfig config, MaintenanceRenderer renderer, Leadership leadership,
                              @Named(TaskExecutors.BLOCKING) ExecutorService workers, Clock clock,
                              ProbesSettings probeSettings) {
        this.windows = windows;
        this.transactions = transactions;
        this.outbox = outbox;
        this.alerts = alerts;
        this.alertStore = alertStore;
        this.silences = silences;
        this.probes = probes;
        this.runner = runner;
        this.rules = rules;
        this.dispatcher = dispatcher;
        this.config = config;
        this.renderer = renderer;
        this.leadership = leadership;
        this.workers = workers;
        this.clock = clock;
        this.concurrency = probeSettings.concurrency();
    }

    public MaintenanceConfig config() {
        return config;
    }

    // ---- people ----------------------------------------------------------------------------------------------

    /** Records a window and, when it begins now, carries out its start at once. */
    public MaintenanceWindow open(Request r) {
        Instant now = clock.instant();
        MaintenanceWindow w = windows.create(new MaintenanceWindowStore.NewWindow(r.reason(), r.targets(), r.matchers(),
                r.startsAt(), r.startsAt().plus(r.duration()), r.by().displayName(), r.channel().toString()), now);
        if (!w.startsAt().isAfter(now)) {
            start(w);
        }
        return windows.byId(w.id()).orElse(w);
    }

    /**
     * Ends a window now (or cancels one that has not begun); answers it as it is after, or empty when there is no such
     * window or it was over. Its end is carried out at once on the lease holder, else on the lease holder's next tick.
     */
    public Optional<MaintenanceWindow> end(long id, Caller by) {
        Instant now = clock.instant();
        if (!windows.endEarly(id, now, by.displayName())) {
            return Optional.empty();
        }
        Optional<MaintenanceWindow> w = windows.byId(id);
        if (w.isPresent() && w.get().startedAt() == null) {
            // cancelled before it began: nothing was held, silenced or announced
            windows.markClosed(id, now);
        } else if (leadership.isLeader()) {
            closeDue();
        }
        return windows.byId(id);
    }

    /** Windows not closed yet: on now, or planned. */
    public List<MaintenanceWindow> open() {
        return windows.notClosed();
    }

    public List<MaintenanceWindow> since(Instant since, int limit) {
        return windows.since(since, limit);
    }

    public Optional<MaintenanceWindow> byId(long id) {
        return windows.byId(id);
    }

    /** The alerts each window held, released or not. */
    public Map<Long, List<AlertRecord>> held(List<MaintenanceWindow> of) {
        return alertStore.heldByWindows(of.stream().map(MaintenanceWindow::id).toList());
    }

    // ---- scheduled -------------------------------------------------------------------------------------------

    /** Starts the windows whose time has come and ends those whose time is up; answers how many it did. */
    public int runDue() {
        return startDue() + closeDue();
    }

    public int startDue() {
        int n = 0;
        for (MaintenanceWindow w : windows.dueToStart(clock.instant())) {
            if (start(w)) {
                n++;
            }
        }
        return n;
    }

    public int closeDue() {
        int n = 0;
        for (MaintenanceWindow w : windows.dueToClose(clock.instant())) {
            try {
                if (close(w)) {
                    n++;
                }
            } catch (RuntimeException e) {
                LOG.warn("Ending maintenance window {} failed; trying again on the next tick", w.id(), e);
            }
        }
        return n;
    }

    /** Carries out the start once: the banner in the claiming transaction, then the silences and the hook. */
    private boolean start(MaintenanceWindow w) {
        Instant now = clock.instant();
        boolean claimed = transactions.inTransaction(() -> {
            if (!windows.markStarted(w.id(), now)) {
                return false;
            }
            outbox.enqueueAll(messages(startKey(w), renderer.startBanner(w, silences.configured()), null));
            return true;
        });
        if (!claimed) {
            return false;
        }
        LOG.info("Maintenance window {} started (until {}): {}", w.id(), w.endsAt(), w.reason());
        if (silences.configured()) {
            List<String> ids = new ArrayList<>();
            try {
                for (List<AlertmanagerSilences.Matcher> matchers : silenceMatchers(w)) {
                    ids.add(silences.create(matchers, now, w.endsAt(), w.createdBy(),
                            MaintenanceMessages.silenceComment(w.id(), w.reason())));
                }
            } catch (AlertmanagerSilences.SilenceFailed e) {
                LOG.warn("Maintenance window {}: Alertmanager silence failed: {}", w.id(), e.getMessage(), e.getCause());
                outbox.enqueueAll(messages(startKey(w) + ":silence", Reply.error(MaintenanceMessages.silenceFailed(
                        e.getMessage())), startKey(w)));
            }
            if (!ids.isEmpty()) {
                windows.setSilence(w.id(), String.join(",", ids));
            }
        }
        config.startHook().ifPresent(line -> hook(w, line, "start", startKey(w)));
        return true;
    }

    /**
     * Carries out the end: the network work first (expire the silences, ask Alertmanager what is still active, run the
     * covered probes), then one transaction that claims the end, releases the held alerts and posts the summary. A
     * replica that loses the claim has only repeated harmless look-ups.
     */
    private boolean close(MaintenanceWindow w) {
        String hold = AlertRecord.maintenanceHold(w.id());
        List<String> problems = new ArrayList<>();
        for (String id : silenceIds(w)) {
            try {
                silences.expire(id);
            } catch (AlertmanagerSilences.SilenceFailed e) {
                LOG.warn("Maintenance window {}: could not expire silence {}: {}", w.id(), id, e.getMessage(), e.getCause());
                problems.add(e.getMessage());
            }
        }
        List<AlertRecord> heldAlertmanager = alertStore.heldFor(hold).stream()
                .filter(a -> AlertRecord.ALERTMANAGER.equals(a.source())).toList();
        Set<String> gone = new HashSet<>();
        if (!heldAlertmanager.isEmpty()) {
            // alerts that resolved under the silence were never sent to us resolved: Alertmanager says which are left
            silences.activeFingerprints().ifPresent(active -> heldAlertmanager.stream()
                    .map(AlertRecord::fingerprint).filter(fp -> !active.contains(fp)).forEach(gone::add));
        }
        List<Probe> covered = probes.probes().stream().filter(p -> w.coversTarget(p.target())).toList();
        List<ProbeResult> results = covered.isEmpty() ? List.of() : runner.runAll(covered, concurrency);
        if (leadership.isLeader()) {
            // the failure streaks live on the lease holder: only there may a fresh good result resolve at once
            rules.recheck(results);
        }
        Instant now = clock.instant();
        Optional<AlertService.Released> released = transactions.inTransaction(() -> {
            if (!windows.markClosed(w.id(), now)) {
                return Optional.<AlertService.Released>empty();
            }
            AlertService.Released rel = alerts.release(hold, gone);
            MaintenanceWindow ended = windows.byId(w.id()).orElse(w);
            outbox.enqueueAll(messages(startKey(w), renderer.startBanner(ended, silences.configured()), null));
            outbox.enqueueAll(messages(endKey(w), renderer.endSummary(ended, results, rel, problems), null));
            return Optional.of(rel);
        });
        if (released.isEmpty()) {
            return false;
        }
        LOG.info("Maintenance window {} ended: {} probe(s) re-checked, {} held alert(s) posted, {} resolved meanwhile",
                w.id(), results.size(), released.get().posted().size(), released.get().resolved().size());
        config.endHook().ifPresent(line -> hook(w, line, "end", endKey(w)));
        return true;
    }

    /**
     * Runs a hook through the pipeline as the configured identity (checked, audited, deduplicated across replicas by
     * its delivery id), on a worker, and posts what it answered under the banner.
     */
    private void hook(MaintenanceWindow w, String line, String phase, String parentKey) {
        ChannelAddress where = config.channels().isEmpty() ? ChannelAddress.CONSOLE : config.channels().get(0);
        workers.execute(() -> {
            try {
                Outcome outcome = dispatcher.get().dispatch(new CommandRequest(config.hookCaller(), where,
                        new dev.caretaker.command.CommandInput.Text(line), "maintenance:" + w.id() + ":" + phase,
                        Progress.NONE, true));
                if (outcome instanceof Outcome.Duplicate) {
                    return;
                }
                boolean ok = outcome instanceof Outcome.Completed;
                outbox.enqueueAll(messages(parentKey + ":hook", renderer.hookOutcome(line, phase, ok, outcome.reply()),
                        parentKey));
            } catch (RuntimeException e) {
                LOG.warn("Maintenance window {}: the {} hook `{}` failed", w.id(), phase, line, e);
            }
        });
    }

    /**
     * The silences that cover what a window covers: Alertmanager ANDs a silence's matchers, so a window's targets
     * need one silence on {@code target} and one on {@code service}, and its {@code match=} matchers one more.
     */
    static List<List<AlertmanagerSilences.Matcher>> silenceMatchers(MaintenanceWindow w) {
        List<List<AlertmanagerSilences.Matcher>> out = new ArrayList<>();
        if (w.everything()) {
            out.add(List.of(new AlertmanagerSilences.Matcher("alertname", ".+", true)));
            return out;
        }
        if (!w.targets().isEmpty()) {
            String any = String.join("|", w.targets().stream().map(t -> REGEX_META.matcher(t).replaceAll("\\\\$0")).toList());
            for (String label : MaintenanceWindow.TARGET_LABELS) {
                out.add(List.of(new AlertmanagerSilences.Matcher(label, any, true)));
            }
        }
        if (!w.matchers().isEmpty()) {
            out.add(new TreeMap<>(w.matchers()).entrySet().stream()
                    .map(e -> AlertmanagerSilences.Matcher.equal(e.getKey(), e.getValue())).toList());
        }
        return out;
    }

    private static List<String> silenceIds(MaintenanceWindow w) {
        return w.silenceId() == null || w.silenceId().isBlank() ? List.of()
                : Arrays.stream(w.silenceId().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private List<OutboxMessage> messages(String key, Reply reply, String parentKey) {
        List<ChannelAddress> to = config.channels().isEmpty() ? List.of(ChannelAddress.CONSOLE) : config.channels();
        return to.stream().map(ch -> new OutboxMessage(ch, key, reply, parentKey)).toList();
    }

    static String startKey(MaintenanceWindow w) {
        return "maintenance:" + w.id() + ":start";
    }

    static String endKey(MaintenanceWindow w) {
        return "maintenance:" + w.id() + ":end";
    }
}
