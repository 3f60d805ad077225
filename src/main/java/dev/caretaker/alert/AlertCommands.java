package dev.caretaker.alert;

import dev.caretaker.store.AlertRecord;
import dev.caretaker.store.AlertStore;
import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.command.Durations;
import dev.caretaker.reply.Format;
import dev.caretaker.reply.Reply;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The alert commands of {@code caretaker/commands/alert.yml}: {@code alerts}, {@code alert ack / silence / history}. */
@Factory
public class AlertCommands {

    /** Rows a listing shows; more belongs in a query of the database. */
    public static final int MAX_ROWS = 50;

    @Singleton
    @Named("alert.list")
    Action list(AlertStore store, Clock clock) {
        return context -> {
            String state = context.args().string("state").orElse(AlertRecord.FIRING);
            List<AlertRecord> rows = "resolved".equals(state) || "all".equals(state)
                    ? store.since(clock.instant().minus(Duration.ofDays(7))) : store.open();
            rows = rows.stream().filter(a -> switch (state) {
                case "all" -> true;
                case "open" -> a.open();
                default -> a.state().equals(state);
            }).toList();
            if (rows.isEmpty()) {
                return ActionResult.ok(Reply.text(AlertCommandMessages.alertsEmpty(state)));
            }
            return ActionResult.ok(table(AlertCommandMessages.alertsHeader(rows.size(), state), rows, clock));
        };
    }

    @Singleton
    @Named("alert.history")
    Action history(AlertStore store, Clock clock) {
        return context -> {
            Duration since = context.args().duration("since").orElse(Duration.ofHours(24));
            List<AlertRecord> rows = store.since(clock.instant().minus(since));
            if (rows.isEmpty()) {
                return ActionResult.ok(Reply.text(AlertCommandMessages.alertHistoryEmpty(Durations.format(since))));
            }
            return ActionResult.ok(table(AlertCommandMessages.alertHistoryHeader(Durations.format(since), rows.size()), rows,
                    clock));
        };
    }

    @Singleton
    @Named("alert.ack")
    Action ack(AlertService alerts) {
        return context -> answer(alerts.ack(id(context), context.caller()));
    }

    @Singleton
    @Named("alert.silence")
    Action silence(AlertService alerts) {
        return context -> {
            Duration d = context.args().duration("duration").orElse(Duration.ofHours(1));
            if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(AlertButtons.MAX_SILENCE) > 0) {
                return ActionResult.failed(
                        AlertCommandMessages.alertSilenceOutOfRange(Format.human(AlertButtons.MAX_SILENCE)));
            }
            return answer(alerts.silence(id(context), d, context.caller()));
        };
    }

    private static long id(ActionContext context) {
        return context.args().integer("id").orElse(0L);
    }

    private static ActionResult answer(AlertService.Answer a) {
        return a.done() ? ActionResult.ok(Reply.text(a.sentence())) : ActionResult.failed(a.sentence());
    }

    private static Reply table(String header, List<AlertRecord> alerts, Clock clock) {
        List<List<String>> rows = new ArrayList<>();
        for (AlertRecord a : alerts.stream().limit(MAX_ROWS).toList()) {
            rows.add(List.of("#" + a.id(), a.severity(), a.held() ? PagingMessages.heldState(a.state()) : a.state(),
                    AlertRenderer.cut(a.name(), 40),
                    AlertRenderer.cut(a.summary(), 60), AlertMessages.alertTime(a.startedAt()),
                    a.ackedBy() == null ? "" : a.ackedBy()));
        }
        Reply.Builder r = Reply.builder().header(header)
                .table(AlertCommandMessages.alertsColumns(), rows);
        if (alerts.size() > MAX_ROWS) {
            r.text(AlertMessages.alertGroupMore(alerts.size() - MAX_ROWS));
        }
        return r.build();
    }
}
