package dev.caretaker.action.builtin;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.command.Durations;
import dev.caretaker.reply.Reply;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.AuditQuery;
import dev.caretaker.store.AuditRecord;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** {@code audit [user=] [command=] [since=24h] [limit=20]}: the newest audit rows first. */
@Singleton
@Named("audit")
public final class AuditAction implements Action {

    /** Enough for any screen; more belongs in a database query. */
    public static final int MAX_LIMIT = 500;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final AuditLog audit;
    private final Clock clock;

    public AuditAction(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public ActionResult run(ActionContext context) {
        var args = context.args();
        long limit = args.integer("limit").orElse(20L);
        if (limit < 1 || limit > MAX_LIMIT) {
            return ActionResult.failed(BuiltinMessages.limitOutOfRange("limit", 1, MAX_LIMIT));
        }
        Duration since = args.duration("since").orElse(Duration.ofHours(24));
        List<AuditRecord> rows = audit.search(new AuditQuery(args.string("user").orElse(null),
                args.string("command").orElse(null), clock.instant().minus(since), (int) limit + 1));
        // This very request is in the log too, still running; it is not news to the person asking.
        rows = rows.stream().filter(r -> !r.requestId().equals(context.requestId())).limit(limit).toList();
        if (rows.isEmpty()) {
            return ActionResult.ok(Reply.text(BuiltinMessages.auditEmpty(Durations.format(since))));
        }
        List<List<String>> table = new ArrayList<>();
        for (AuditRecord r : rows) {
            table.add(List.of(TIME.format(r.startedAt()), r.userName(), r.commandLine(), result(r),
                    r.duration() == null ? "" : BuiltinMessages.millis(r.duration()), r.requestId()));
        }
        return ActionResult.ok(Reply.builder()
                .header(BuiltinMessages.auditHeader(rows.size(), Durations.format(since)))
                .table(BuiltinMessages.auditColumns(), table)
                .build());
    }

    private static String result(AuditRecord r) {
        if (!"allowed".equals(r.decision())) {
            return r.decision();
        }
        if ("started".equals(r.outcome())) {
            return BuiltinMessages.neverFinished();
        }
        return r.outcome();
    }
}
