package dev.caretaker.digest.section;

import dev.caretaker.store.ProbeRollups;
import dev.caretaker.alert.ProbeRows;
import dev.caretaker.digest.DigestContext;
import dev.caretaker.digest.DigestFormat;
import dev.caretaker.digest.DigestSection;
import dev.caretaker.digest.Section;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.reply.Block;
import dev.caretaker.target.postgres.PostgresTargets;
import dev.caretaker.target.postgres.PostgresClient;
import dev.caretaker.target.postgres.PostgresException;
import dev.caretaker.target.postgres.SizeQueries;
import dev.caretaker.target.postgres.StatementQueries;
import dev.caretaker.target.postgres.StatusQueries;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code postgres}: for each postgres target, its size and growth since yesterday, connections now and the 24 h
 * peak, the slowest statements and the tables with the most dead tuples. Each run also samples size and
 * connections into the hourly history, which is where growth and peak come from.
 */
@Singleton
public final class PostgresSection implements DigestSection {

    static final int TOP = 3;

    private final PostgresTargets targets;
    private final ProbeRollups history;

    public PostgresSection(PostgresTargets targets, ProbeRollups history) {
        this.targets = targets;
        this.history = history;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public Section render(DigestContext context) {
        List<List<String>> rows = new ArrayList<>();
        List<Block> notes = new ArrayList<>();
        Map<String, ProbeRollups.Baseline> sizes = history.baselines("db-size", context.now());
        for (String name : targets.names()) {
            PostgresClient client = targets.client(name).orElseThrow();
            try {
                rows.add(row(client, sizes.get(name), context, notes));
            } catch (PostgresException e) {
                notes.add(new Block.Text(SectionMessages.digestPostgresUnreadable(name, e.kind().name().toLowerCase(
                        java.util.Locale.ROOT).replace('_', ' '))));
            }
        }
        if (rows.isEmpty() && notes.isEmpty()) {
            return Section.EMPTY;
        }
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Text(SectionMessages.digestPostgresHeading(targets.names().size())));
        if (!rows.isEmpty()) {
            blocks.add(new Block.Table(SectionMessages.postgresColumns(), rows));
        }
        blocks.addAll(notes);
        return new Section(blocks, 0, 0);
    }

    private List<String> row(PostgresClient client, ProbeRollups.Baseline size, DigestContext context, List<Block> notes)
            throws PostgresException {
        StatusQueries.ServerStatus s = client.status().read();
        Double peak = history.peak(client.name(), "connections", context.since(), context.now());
        long peakNow = Math.round(Math.max(peak == null ? 0 : peak, s.connectionsUsed()));
        history.add(ProbeRows.rows(List.of(
                new ProbeResult(client.name(), "db-size", ProbeStatus.OK, (double) s.databaseBytes(), "B", "",
                        Duration.ZERO, context.now()),
                new ProbeResult(client.name(), "connections", ProbeStatus.OK, (double) s.connectionsUsed(), "",
                        "", Duration.ZERO, context.now()))));
        String growth = size == null || size.yesterday() == null ? "–"
                : signedBytes(s.databaseBytes() - Math.round(size.yesterday()));
        List<SizeQueries.TableSize> dead = client.sizes().tables(50).stream().filter(t -> t.deadTuples() > 0)
                .sorted(Comparator.comparingLong(SizeQueries.TableSize::deadTuples).reversed()).limit(TOP).toList();
        String deadText = dead.isEmpty() ? SectionMessages.digestNone() : String.join(", ", dead.stream()
                .map(t -> t.table() + " " + t.deadTuples()).toList());

        StatementQueries.SlowStatements slow = client.statements().top(TOP);
        if (slow.availability() == StatusQueries.StatementsAvailability.AVAILABLE && !slow.byMean().isEmpty()) {
            notes.add(new Block.Text(SectionMessages.digestSlowestStatements(client.name())));
            notes.add(new Block.Table(SectionMessages.slowestStatementsColumns(), slow.byMean().stream()
                    .map(q -> List.of(DigestFormat.duration(q.mean()), String.valueOf(q.calls()), q.query())).toList()));
        } else if (slow.availability() != StatusQueries.StatementsAvailability.AVAILABLE) {
            notes.add(new Block.Text(SectionMessages.digestNoStatements(client.name())));
        }
        return List.of(client.name(), DigestFormat.bytes(s.databaseBytes()), growth,
                SectionMessages.digestConnections(s.connectionsUsed(), s.maxConnections(), peakNow), deadText);
    }

    private static String signedBytes(long delta) {
        return (delta >= 0 ? "+" : "−") + DigestFormat.bytes(Math.abs(delta));
    }
}
