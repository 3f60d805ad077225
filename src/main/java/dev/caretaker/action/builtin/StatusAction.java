package dev.caretaker.action.builtin;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.store.Coordinator;
import dev.caretaker.store.DatabaseStatus;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code status}: one screen on the service, its database and its coordinator. */
@Singleton
@Named("status")
public final class StatusAction implements Action {

    private final DatabaseStatus database;
    private final Coordinator coordinator;

    public StatusAction(DatabaseStatus database, Coordinator coordinator) {
        this.database = database;
        this.coordinator = coordinator;
    }

    @Override
    public ActionResult run(ActionContext context) {
        List<List<String>> rows = new ArrayList<>();
        Duration uptime = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
        Runtime rt = Runtime.getRuntime();
        long usedMb = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
        rows.add(List.of(BuiltinMessages.servicePart(), BuiltinMessages.partOk(), BuiltinMessages.serviceDetail(uptime,
                usedMb, rt.maxMemory() / (1024 * 1024), Runtime.version().feature())));
        boolean dbOk = switch (database.check()) {
            case DatabaseStatus.Health.Up up -> {
                rows.add(List.of(BuiltinMessages.databasePart(), BuiltinMessages.partOk(),
                        BuiltinMessages.databaseDetail(up.version(), up.size(), up.connections(), up.answeredIn())));
                yield true;
            }
            case DatabaseStatus.Health.Down down -> {
                rows.add(List.of(BuiltinMessages.databasePart(), BuiltinMessages.partDown(),
                        BuiltinMessages.databaseUnreachable(down.sqlState())));
                yield false;
            }
        };
        boolean coordOk = coordinator.ping();
        rows.add(List.of(BuiltinMessages.coordinatorPart(), coordOk ? BuiltinMessages.partOk() : BuiltinMessages.partDown(),
                coordinator.describe()));
        boolean allOk = dbOk && coordOk;
        return ActionResult.ok(Reply.builder()
                .header(allOk ? BuiltinMessages.statusAllGood() : BuiltinMessages.statusSomethingDown())
                .severity(allOk ? Severity.OK : Severity.CRITICAL)
                .table(BuiltinMessages.statusColumns(), rows)
                .build());
    }
}
