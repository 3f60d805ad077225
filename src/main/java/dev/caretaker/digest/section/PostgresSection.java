package dev.caretaker.digest.section;

import dev.caretaker.digest.DigestContext;
import dev.caretaker.digest.DigestFormat;
import dev.caretaker.digest.DigestSection;
import dev.caretaker.digest.ProbeRollups;
import dev.caretaker.digest.Section;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Messages;
import dev.caretaker.target.Targets;
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

    private final Targets targets;
    private final ProbeRollups history;

    public PostgresSection(Targets targets, ProbeRollups history) {
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
        List<Block> blocks = new ArrayList<>();
        Map<String, ProbeRollups.Baseline> sizes = history.baselines("db-size", context.now());
        for (String name : targets.names("postgres")) {
            PostgresClient client = targets.postgres(name).orElseThrow();
            try {
                blocks.addAll(target(client, sizes.get(name), context));
            } catch (PostgresException e) {
                blocks.add(new Block.Text(Messages.digestPostgresUnreadable(name, e.kind().name().toLowerCase(
                        java.util.Locale.ROOT).replace('_', ' '))));
            }
        }
        return blocks.isEmpty() ? Section.EMPTY : new Section(blocks, 0, 0);
    }

    private List<Block> target(PostgresClient client, ProbeRollups.Baseline size, DigestContext context)
            throws PostgresException {
        StatusQueries.ServerStatus s = client.status().read();
        Double peak = history.peak(client.name(), "connections", context.since(), context.now());
        double peakNow = Math.max(peak == null ? 0 : peak, s.connectionsUsed());
        history.add(List.of(
                new ProbeResult(client.name(), "db-size", ProbeStatus.OK, (double) s.databaseBytes(), "B", "",
                        Duration.ZERO, context.now()),
                new ProbeResult(client.name(), "connections", ProbeStatus.OK, (double) s.connectionsUsed(), "",
                        "", Duration.ZERO, context.now())));

        List<Block.Field> fields = new ArrayList<>();
        String growth = size == null || size.yesterday() == null ? ""
                : " (" + signedBytes(s.databaseBytes() - Math.round(size.yesterday())) + " " + Messages.digestSinceYesterday() + ")";
        fields.add(new Block.Field(Messages.digestDbSize(), DigestFormat.bytes(s.databaseBytes()) + growth));
        fields.add(new Block.Field(Messages.digestDbConnections(),
                Messages.digestConnections(s.connectionsUsed(), s.maxConnections(), Math.round(peakNow))));

        List<SizeQueries.TableSize> dead = client.sizes().tables(50).stream().filter(t -> t.deadTuples() > 0)
                .sorted(Comparator.comparingLong(SizeQueries.TableSize::deadTuples).reversed()).limit(TOP).toList();
        fields.add(new Block.Field(Messages.digestDeadTuples(), dead.isEmpty() ? Messages.digestNone()
                : String.join(", ", dead.stream().map(t -> t.table() + " " + t.deadTuples()
                + t.deadRatio().stream().mapToObj(r -> " (" + DigestFormat.value(r * 100, "%") + ")").findFirst().orElse(""))
                .toList())));

        List<Block> out = new ArrayList<>();
        out.add(new Block.Text(Messages.digestPostgresHeading(client.name(), s.database())));
        out.add(new Block.Fields(fields));
        StatementQueries.SlowStatements slow = client.statements().top(TOP);
        if (slow.availability() == StatusQueries.StatementsAvailability.AVAILABLE && !slow.byMean().isEmpty()) {
            List<List<String>> rows = slow.byMean().stream().map(q -> List.of(DigestFormat.duration(q.mean()),
                    String.valueOf(q.calls()), q.query())).toList();
            out.add(new Block.Table(List.of("mean", "calls", "statement"), rows));
        } else if (slow.availability() != StatusQueries.StatementsAvailability.AVAILABLE) {
            out.add(new Block.Text(Messages.digestNoStatements(client.name())));
        }
        return out;
    }

    private static String signedBytes(long delta) {
        return (delta >= 0 ? "+" : "−") + DigestFormat.bytes(Math.abs(delta));
    }
}
