package dev.caretaker.oncall;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.store.AlertRecord;
import dev.caretaker.store.AlertStore;
import dev.caretaker.store.MaintenanceWindow;
import dev.caretaker.store.MaintenanceWindowStore;
import dev.caretaker.store.OnCallStore;
import dev.caretaker.store.Outbox;
import dev.caretaker.store.OutboxMessage;
import dev.caretaker.store.Transactions;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The hand-off message in a rotation's channel at each hand-off of its schedule: who takes over (overrides and swaps
 * applied), what is still firing, what was acknowledged but not resolved, and the maintenance windows on or planned.
 * Claimed per rotation and hand-off in the transaction that enqueues it, so replicas and restarts post it once; a
 * hand-off more than {@link #GRACE} ago when Caretaker comes up is not posted late.
 */
@Singleton
public class HandoffService {

    /** How late a hand-off message may still be posted (Caretaker was down at the hand-off). */
    public static final Duration GRACE = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(HandoffService.class);
    private static final int MAX_LINES = 10;

    private final OnCallService oncall;
    private final OnCallStore store;
    private final AlertStore alerts;
    private final MaintenanceWindowStore windows;
    private final Transactions transactions;
    private final Outbox outbox;
    private final Clock clock;

    public HandoffService(OnCallService oncall, OnCallStore store, AlertStore alerts, MaintenanceWindowStore windows,
                          Transactions transactions, Outbox outbox, Clock clock) {
        this.oncall = oncall;
        this.store = store;
        this.alerts = alerts;
        this.windows = windows;
        this.transactions = transactions;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Posts the hand-offs that are due and not yet posted; answers how many it posted. */
    public int runDue() {
        Instant now = clock.instant();
        int n = 0;
        for (Rotation r : oncall.rotations().all()) {
            if (r.channel().isEmpty()) {
                continue;
            }
            Instant at = r.turnAt(now).from();
            if (Duration.between(at, now).compareTo(GRACE) > 0 || store.handoffPosted(r.name(), at).isPresent()) {
                continue;
            }
            ChannelAddress channel = r.channel().get();
            Reply reply = render(r, at, channel, now);
            boolean posted = transactions.inTransaction(() -> {
                if (!store.claimHandoff(r.name(), at, now)) {
                    return false;
                }
                outbox.enqueue(OutboxMessage.of(channel, "oncall-handoff:" + r.name() + ":" + at, reply));
                return true;
            });
            if (posted) {
                LOG.info("On-call hand-off of {} at {} posted to {}", r.name(), at, channel);
                n++;
            }
        }
        return n;
    }

    /** The hand-off message of {@code r} at {@code at}, as the channel's platform mentions people. */
    Reply render(Rotation r, Instant at, ChannelAddress channel, Instant now) {
        OnCallService.Shift taking = oncall.shiftAt(r, at);
        OnCallService.Shift leaving = oncall.shiftAt(r, at.minusMillis(1));
        String mention = taking.person().mentionOn(channel.platform());
        String until = Times.at(taking.until(), r.zone());
        String text = taking.person().equals(leaving.person()) ? OnCallMessages.handoffStays(mention, until)
                : OnCallMessages.handoffText(mention, leaving.person().name(), until);
        List<AlertRecord> open = alerts.open().stream().filter(a -> !a.held()).toList();
        List<String> firing = new ArrayList<>();
        List<String> acked = new ArrayList<>();
        for (AlertRecord a : open) {
            String line = OnCallMessages.alertLine(a.id(), a.severity(), a.name());
            if (AlertRecord.FIRING.equals(a.state())) {
                firing.add(line);
            } else if (a.ackedAt() != null) {
                acked.add(line);
            }
        }
        List<String> maint = new ArrayList<>();
        for (MaintenanceWindow w : windows.notClosed()) {
            maint.add(OnCallMessages.windowLine(w.id(), MaintenanceRenderer.state(w, now),
                    MaintenanceMessages.covers(w.targets(), w.matchers()), Times.at(w.endsAt(), r.zone())));
        }
        List<Block.Field> fields = new ArrayList<>();
        fields.add(new Block.Field(OnCallMessages.STILL_FIRING, lines(firing)));
        fields.add(new Block.Field(OnCallMessages.ACKED_OPEN, lines(acked)));
        fields.add(new Block.Field(OnCallMessages.MAINTENANCE, lines(maint)));
        return Reply.builder().header(OnCallMessages.handoffHeader(r.name()))
                .severity(firing.isEmpty() ? Severity.INFO : Severity.WARN).text(text).fields(fields).build();
    }

    private static String lines(List<String> lines) {
        if (lines.isEmpty()) {
            return OnCallMessages.NONE;
        }
        List<String> shown = new ArrayList<>(lines.stream().limit(MAX_LINES).toList());
        if (lines.size() > MAX_LINES) {
            shown.add(OnCallMessages.more(lines.size() - MAX_LINES));
        }
        String text = String.join("\n", shown);
        return text.length() <= 1000 ? text : text.substring(0, 999) + "…";
    }
}
