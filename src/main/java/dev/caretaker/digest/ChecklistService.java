package dev.caretaker.digest;

import dev.caretaker.store.ChecklistStore;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.security.Caller;
import dev.caretaker.store.AuditEntry;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.Outbox;
import dev.caretaker.store.OutboxMessage;
import dev.caretaker.store.Transactions;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Posts recurring checklists when due (once, like digests), ticks the items Caretaker can verify with the evidence
 * it found, and records who clicked Done on the rest, editing the posted message each time.
 */
@Singleton
public class ChecklistService {

    /** What a click on Done came to. */
    public sealed interface DoneResult {
        /** The item is now ticked by this person; {@code reply} is the updated checklist. */
        record Ticked(Reply reply) implements DoneResult {
        }

        /** Somebody ticked it before; {@code by} says who. */
        record AlreadyDone(Reply reply, String by) implements DoneResult {
        }

        record NotFound() implements DoneResult {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ChecklistService.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm z", Locale.ENGLISH);
    /** Discord shows at most 80 characters on a button. */
    private static final int LABEL_TEXT = 60;

    private final DigestConfig config;
    private final ChecklistStore store;
    private final Map<String, ChecklistCheck> checks = new HashMap<>();
    private final Transactions transactions;
    private final Outbox outbox;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration lateAfter;

    public ChecklistService(DigestConfig config, ChecklistStore store, List<ChecklistCheck> checks,
                            Transactions transactions, Outbox outbox, AuditLog audit, Clock clock,
                            DigestSettings settings) {
        this.config = config;
        this.store = store;
        checks.forEach(c -> this.checks.put(c.kind(), c));
        this.transactions = transactions;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
        this.lateAfter = settings.lateAfter();
    }

    /** Posts every configured checklist whose scheduled instant has come and that nobody posted yet. */
    public List<ChecklistStore.Run> runDue() {
        List<ChecklistStore.Run> posted = new ArrayList<>();
        for (ChecklistSpec spec : config.checklists()) {
            try {
                runIfDue(spec).ifPresent(posted::add);
            } catch (RuntimeException e) {
                LOG.error("checklist {}: could not be posted to {}", spec.name(), spec.channel(), e);
            }
        }
        return posted;
    }

    private Optional<ChecklistStore.Run> runIfDue(ChecklistSpec spec) {
        Instant now = clock.instant();
        Optional<Due> due = Due.at(spec.cron(), spec.zone(), now, lateAfter);
        if (due.isEmpty() || store.exists(spec.name(), due.get().scheduledAt())) {
            return Optional.empty();
        }
        if (due.get().late() && !store.postedBefore(spec.name(), due.get().scheduledAt())) {
            return Optional.empty();
        }
        List<ChecklistStore.NewItem> items = new ArrayList<>();
        for (ChecklistSpec.Item item : spec.items()) {
            Optional<Evidence> found = item.check().map(this::evidence);
            items.add(new ChecklistStore.NewItem(item.text(), item.check(), found.map(Evidence::text),
                    found.map(e -> e.verdict() == Evidence.Verdict.PASSED).orElse(false)));
        }
        // the run and its message commit together: posted once, whatever the replicas or restarts
        Optional<ChecklistStore.Run> run = transactions.inTransaction(() -> {
            Optional<ChecklistStore.Run> claimed = store.claim(spec.name(), spec.channel(), due.get().scheduledAt(),
                    due.get().late(), now, items);
            claimed.ifPresent(r -> outbox.enqueue(OutboxMessage.of(spec.channel(), messageKey(r.id()),
                    render(r, spec.zone()))));
            return claimed;
        });
        run.ifPresent(r -> LOG.info("checklist {}: posted to {} for {}{}", spec.name(), spec.channel(),
                r.scheduledAt(), r.late() ? " (late)" : ""));
        return run;
    }

    /** Runs one automatic check; a check that fails to run leaves the item open with one sentence why. */
    Evidence evidence(String kind) {
        ChecklistCheck check = checks.get(kind);
        try {
            return check.check();
        } catch (Exception e) {
            LOG.warn("checklist check {} failed", kind, e);
            return Evidence.unknown(ChecklistMessages.checkFailed(kind));
        }
    }

    /** Records a click on Done: ticks the item for the person, audits it, and edits the posted checklist. */
    public DoneResult done(String itemId, Caller caller, String channel) {
        Optional<ChecklistStore.Run> before = store.runOfItem(itemId == null ? "" : itemId.strip());
        if (before.isEmpty()) {
            return new DoneResult.NotFound();
        }
        ChecklistStore.Run run = before.get();
        ChecklistStore.Item item = run.items().stream().filter(i -> i.id().equals(itemId.strip())).findFirst().orElseThrow();
        ZoneId zone = config.checklist(run.checklist()).map(ChecklistSpec::zone).orElse(ZoneId.of("UTC"));
        if (item.done()) {
            return new DoneResult.AlreadyDone(render(run, zone), item.doneBy().orElse(""));
        }
        Instant now = clock.instant();
        ChannelAddress address = ChannelAddress.parse(run.channel()).orElse(ChannelAddress.CONSOLE);
        if (!store.markDone(item.id(), caller.displayName(), now)) {
            ChecklistStore.Run after = store.runOfItem(item.id()).orElse(run);
            String by = after.items().stream().filter(i -> i.id().equals(item.id())).findFirst()
                    .flatMap(ChecklistStore.Item::doneBy).orElse("");
            return new DoneResult.AlreadyDone(render(after, zone), by);
        }
        audit.record(new AuditEntry("checklist-" + item.id(), caller.platform().id(), caller.userId(),
                caller.displayName(), channel == null ? run.channel() : channel, "checklist done",
                "checklist done " + run.checklist() + " #" + item.position(),
                Map.of("checklist", run.checklist(), "item", item.text()), now), "done",
                ChecklistMessages.checklistAuditDone(run.checklist(), item.text()));
        ChecklistStore.Run after = store.runOfItem(item.id()).orElse(run);
        Reply reply = render(after, zone);
        // the posted message shows the tick for everyone, whichever way the click arrived
        outbox.enqueue(OutboxMessage.of(address, messageKey(run.id()), reply));
        return new DoneResult.Ticked(reply);
    }

    /** The newest run of one checklist, or of each, as replies ({@code checklist show}). */
    public List<Reply> show(Optional<String> name) {
        List<Reply> out = new ArrayList<>();
        for (ChecklistStore.Run run : store.latest(name)) {
            ZoneId zone = config.checklist(run.checklist()).map(ChecklistSpec::zone).orElse(ZoneId.of("UTC"));
            out.add(render(run, zone));
        }
        return out;
    }

    /** The newest run of each checklist. */
    public List<ChecklistStore.Run> latest() {
        return store.latest(Optional.empty());
    }

    /** A checklist as posted: a line per item (ticked with who or what proved it), a Done button per open item. */
    public Reply render(ChecklistStore.Run run, ZoneId zone) {
        List<String> lines = new ArrayList<>();
        Reply.Builder reply = Reply.builder();
        for (ChecklistStore.Item item : run.items()) {
            lines.add(line(item, zone));
            if (!item.done()) {
                reply.button(new Button(label(item), ButtonActions.CHECKLIST_DONE, item.id(), Button.Style.DEFAULT));
            }
        }
        long done = run.items().stream().filter(ChecklistStore.Item::done).count();
        String due = TIME.format(run.scheduledAt().atZone(zone));
        return reply.header(run.late() ? ChecklistMessages.checklistHeaderLate(run.checklist(), due)
                        : ChecklistMessages.checklistHeader(run.checklist(), due))
                .severity(done == run.items().size() ? Severity.OK : Severity.INFO)
                .block(new Block.Text(String.join("\n", lines)))
                .footer(ChecklistMessages.checklistFooter(done, run.items().size()))
                .build();
    }

    private static String line(ChecklistStore.Item item, ZoneId zone) {
        String evidence = item.evidence().map(e -> " — " + e).orElse("");
        if (!item.done()) {
            return "⬜ " + item.position() + ". " + item.text() + evidence;
        }
        String by = item.doneBy().orElse("");
        if (by.equals(ChecklistStore.AUTOMATIC)) {
            return "✅ " + item.position() + ". " + item.text() + evidence;
        }
        String when = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH).format(item.doneAt().orElseThrow().atZone(zone));
        return "✅ " + item.position() + ". " + item.text() + " — " + ChecklistMessages.checklistDoneBy(by, when);
    }

    private static String label(ChecklistStore.Item item) {
        String text = item.text().length() <= LABEL_TEXT ? item.text() : item.text().substring(0, LABEL_TEXT - 1) + "…";
        return ChecklistMessages.checklistDoneButton(item.position(), text);
    }

    static String messageKey(long runId) {
        return "checklist:" + runId;
    }
}
