package dev.caretaker.digest.section;

import dev.caretaker.digest.DigestContext;
import dev.caretaker.digest.DigestSection;
import dev.caretaker.digest.Section;
import dev.caretaker.reply.Block;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.AuditQuery;
import dev.caretaker.store.AuditRecord;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code commands}: what people ran in the last 24 h, by command group: runs, failures, denials. */
@Singleton
public final class CommandsSection implements DigestSection {

    /** Enough rows for a busy day; the audit log is indexed by start time. */
    static final int MAX_RECORDS = 10_000;

    private final AuditLog audit;

    public CommandsSection(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public String name() {
        return "commands";
    }

    @Override
    public int order() {
        return 60;
    }

    @Override
    public Section render(DigestContext context) {
        List<AuditRecord> records = audit.search(new AuditQuery(null, null, context.since(), MAX_RECORDS));
        Map<String, int[]> byGroup = new TreeMap<>();
        int total = 0;
        for (AuditRecord r : records) {
            boolean ran = "allowed".equals(r.decision());
            boolean refused = "denied".equals(r.decision()) || "throttled".equals(r.decision());
            if (!ran && !refused) {
                // pending, cancelled, rejected and button clicks (checklist Done) are not runs of a command
                continue;
            }
            total++;
            String group = r.command().contains(" ") ? r.command().substring(0, r.command().indexOf(' ')) : r.command();
            int[] counts = byGroup.computeIfAbsent(group, g -> new int[3]);
            if (ran) {
                counts[0]++;
                if ("failed".equals(r.outcome()) || "timeout".equals(r.outcome())) {
                    counts[1]++;
                }
            } else {
                counts[2]++;
            }
        }
        if (total == 0) {
            return Section.of(new Block.Text(SectionMessages.digestNoCommands()));
        }
        List<List<String>> rows = new ArrayList<>();
        byGroup.forEach((group, c) -> rows.add(List.of(group, String.valueOf(c[0]), String.valueOf(c[1]),
                String.valueOf(c[2]))));
        return Section.of(new Block.Text(SectionMessages.digestCommandsHeading(total)),
                new Block.Table(SectionMessages.commandsColumns(), rows));
    }
}
