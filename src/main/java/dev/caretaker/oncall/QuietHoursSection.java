package dev.caretaker.oncall;

import dev.caretaker.digest.DigestContext;
import dev.caretaker.digest.DigestSection;
import dev.caretaker.digest.Section;
import dev.caretaker.reply.Block;
import dev.caretaker.store.AlertRecord;
import dev.caretaker.store.AlertStore;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code quiet-hours}: the alerts a route's quiet hours held in the last 24 h, instead of posting them at night:
 * still firing, acknowledged or resolved, with their number for {@code alert ack}. Left out when there were none.
 */
@Singleton
public final class QuietHoursSection implements DigestSection {

    private static final int MAX_LINES = 25;

    private final AlertStore alerts;

    public QuietHoursSection(AlertStore alerts) {
        this.alerts = alerts;
    }

    @Override
    public String name() {
        return "quiet-hours";
    }

    @Override
    public int order() {
        return 21;
    }

    @Override
    public Section render(DigestContext context) {
        List<AlertRecord> held = alerts.heldSince(AlertRecord.QUIET, context.since());
        if (held.isEmpty()) {
            return Section.EMPTY;
        }
        List<String> lines = new ArrayList<>();
        lines.add(OnCallMessages.quietHeader());
        for (AlertRecord a : held.stream().limit(MAX_LINES).toList()) {
            lines.add(OnCallMessages.quietLine(a.id(), a.severity(), a.name(),
                    OnCallMessages.quietState(a.open(), a.ackedAt() != null), Times.at(a.heldAt(), context.zone())));
        }
        if (held.size() > MAX_LINES) {
            lines.add(OnCallMessages.more(held.size() - MAX_LINES));
        }
        int firing = (int) held.stream().filter(a -> AlertRecord.FIRING.equals(a.state())).count();
        return new Section(List.of(new Block.Text(String.join("\n", lines))), firing, 0);
    }
}
