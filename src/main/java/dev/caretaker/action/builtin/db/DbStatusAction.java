package dev.caretaker.action.builtin.db;

import dev.caretaker.action.builtin.BuiltinFormat;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Format;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresException;
import dev.caretaker.target.postgres.StatusQueries;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code db status}: version, uptime, size, connections, cache hit ratio, throughput, replication, vacuum ages. */
@Singleton
@Named("db.status")
public final class DbStatusAction extends DbAction {

    /** The seeds' thresholds: warn at 80 %, critical at 90 % of max_connections. */
    static final double CONNECTIONS_WARN = 80;
    static final double CONNECTIONS_CRITICAL = 90;
    static final Duration OLD_TRANSACTION = Duration.ofHours(1);

    private final Clock clock;

    public DbStatusAction(PostgresTargets targets, Clock clock) {
        super(targets);
        this.clock = clock;
    }

    @Override
    ActionResult run(ActionContext context, PostgresClient db) throws PostgresException {
        StatusQueries.ServerStatus s = db.status().read();
        Instant now = clock.instant();
        List<Block.Field> fields = new ArrayList<>();
        fields.add(new Block.Field(DbMessages.uptimeLabel(), Format.human(s.uptime())));
        fields.add(new Block.Field(DbMessages.databaseSizeLabel(), BuiltinFormat.bytes(s.databaseBytes())));
        fields.add(new Block.Field(DbMessages.connectionsLabel(), s.connectionsUsed() + " / " + s.maxConnections() + " ("
                + String.format(Locale.ROOT, "%.0f%%", s.connectionsUsedPercent()) + ")"));
        fields.add(new Block.Field(DbMessages.byStateLabel(), String.join(", ", s.byState().stream()
                .map(c -> c.state() + " " + c.count()).toList())));
        fields.add(new Block.Field(DbMessages.cacheHitRatioLabel(), BuiltinFormat.percent(s.cacheHitRatio())));
        fields.add(new Block.Field(DbMessages.transactionsLabel(), s.transactionsPerSecond().isPresent()
                ? DbMessages.transactionRate(s.transactionsPerSecond().getAsDouble(),
                Duration.between(s.sampledSince().orElse(now), now))
                : DbMessages.dbRateFirstReading()));
        fields.add(new Block.Field(DbMessages.oldestTransactionLabel(),
                s.oldestTransaction().map(Format::human).orElse(BuiltinFormat.NONE)));
        fields.add(new Block.Field(DbMessages.replicationLabel(s.standby()), replication(s)));
        fields.add(new Block.Field(DbMessages.statementsLabel(), statements(s.statements(), db.name())));

        Severity severity = Severity.OK;
        if (s.connectionsUsedPercent() >= CONNECTIONS_CRITICAL) {
            severity = Severity.CRITICAL;
        } else if (s.connectionsUsedPercent() >= CONNECTIONS_WARN
                || s.oldestTransaction().filter(d -> d.compareTo(OLD_TRANSACTION) >= 0).isPresent()) {
            severity = Severity.WARN;
        }
        Reply.Builder reply = Reply.builder().header(DbMessages.dbStatusHeader(db.name(), s.database(), s.version()))
                .severity(severity).fields(fields);
        if (!s.largestTables().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (StatusQueries.TableMaintenance t : s.largestTables()) {
                rows.add(List.of(t.table(), BuiltinFormat.bytes(t.totalBytes()),
                        latest(t.lastVacuum(), t.lastAutovacuum(), now), latest(t.lastAnalyze(), t.lastAutoanalyze(), now)));
            }
            reply.table(DbMessages.largestTablesColumns(), rows);
        }
        return ActionResult.ok(reply.build());
    }

    private static String replication(StatusQueries.ServerStatus s) {
        if (s.replicas().isEmpty()) {
            return DbMessages.dbNoReplicas();
        }
        List<String> parts = new ArrayList<>();
        for (StatusQueries.ReplicaLag r : s.replicas()) {
            parts.add(DbMessages.replicaLag(r.name(), r.state(),
                    r.replayLag().map(Format::humanPrecise).orElse(BuiltinFormat.NONE), BuiltinFormat.bytes(r.bytesBehind())));
        }
        return String.join("; ", parts);
    }

    private static String statements(StatusQueries.StatementsAvailability a, String target) {
        return switch (a) {
            case AVAILABLE -> DbMessages.dbStatementsAvailable();
            case NOT_LOADED -> DbMessages.dbStatementsNotLoaded(target);
            case NOT_INSTALLED -> DbMessages.dbStatementsNotInstalled(target);
        };
    }

    /** The later of the manual and the automatic run, marked "(auto)" when autovacuum did it. */
    private static String latest(Optional<Instant> manual, Optional<Instant> auto, Instant now) {
        if (auto.isPresent() && (manual.isEmpty() || auto.get().isAfter(manual.get()))) {
            return DbMessages.byAutovacuum(DbFormat.ago(auto, now));
        }
        return DbFormat.ago(manual, now);
    }
}
