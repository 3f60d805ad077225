package dev.caretaker.target.postgres;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/** Where the space goes and which indexes earn their keep: table sizes, unused and duplicate indexes, seq-scan hints. */
public final class SizeQueries {

    /** One table's space; {@code deadRatio} is dead / (live + dead) tuples, empty when the table has none. */
    public record TableSize(String table, long totalBytes, long tableBytes, long indexBytes, long toastBytes,
                            long rowEstimate, long deadTuples, OptionalDouble deadRatio) {
    }

    /** An index never used for a scan since statistics were last reset; it does not back a constraint. */
    public record UnusedIndex(String index, String table, long bytes) {
    }

    /** Indexes of one table with the same columns, operator classes, expressions and predicate. */
    public record DuplicateIndexes(String table, List<String> indexes, long bytes) {
    }

    /** A large table read mostly by sequential scans: a hint that a query lacks an index. */
    public record SeqScanHint(String table, long seqScans, long rowsPerScan, long indexScans, long liveRows) {
    }

    public record IndexReport(List<UnusedIndex> unused, List<DuplicateIndexes> duplicates, List<SeqScanHint> seqScans) {
    }

    /** Tables with fewer live rows are not worth a missing-index hint. */
    public static final long SEQ_SCAN_MIN_ROWS = 10_000;

    private static final String USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') "
            + "AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'";

    private static final String DISPLAY = "CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END";

    static final String TABLE_SIZES = "SELECT " + DISPLAY + ", pg_total_relation_size(c.oid), "
            + "pg_table_size(c.oid) - coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0), "
            + "pg_indexes_size(c.oid), coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0), "
            + "CASE WHEN c.reltuples < 0 THEN coalesce(s.n_live_tup, 0) ELSE c.reltuples::bigint END, "
            + "coalesce(s.n_dead_tup, 0), s.n_dead_tup::float8 / nullif(s.n_live_tup + s.n_dead_tup, 0) "
            + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid "
            + "WHERE c.relkind IN ('r', 'm', 'p') AND " + USER_SCHEMAS + " "
            + "ORDER BY pg_total_relation_size(c.oid) DESC, 1 LIMIT ?";

    static final String UNUSED = "SELECT CASE WHEN s.schemaname = 'public' THEN s.indexrelname "
            + "ELSE s.schemaname || '.' || s.indexrelname END, "
            + "CASE WHEN s.schemaname = 'public' THEN s.relname ELSE s.schemaname || '.' || s.relname END, "
            + "pg_relation_size(s.indexrelid) FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid "
            + "WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary "
            + "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
            + "ORDER BY 3 DESC, 1 LIMIT 20";

    static final String DUPLICATES = "SELECT " + DISPLAY + ", array_agg(ci.relname::text ORDER BY ci.relname), "
            + "sum(pg_relation_size(i.indexrelid))::bigint "
            + "FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid "
            + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + USER_SCHEMAS + " "
            + "GROUP BY n.nspname, c.relname, i.indrelid, i.indkey::text, i.indclass::text, i.indcollation::text, "
            + "coalesce(pg_get_expr(i.indexprs, i.indrelid), ''), coalesce(pg_get_expr(i.indpred, i.indrelid), '') "
            + "HAVING count(*) > 1 ORDER BY 3 DESC, 1 LIMIT 20";

    static final String SEQ_SCANS = "SELECT CASE WHEN schemaname = 'public' THEN relname ELSE schemaname || '.' || relname END, "
            + "seq_scan, seq_tup_read / seq_scan, coalesce(idx_scan, 0), n_live_tup FROM pg_stat_user_tables "
            + "WHERE seq_scan > 0 AND n_live_tup >= ? AND seq_tup_read / seq_scan >= n_live_tup / 2 "
            + "AND coalesce(idx_scan, 0) < seq_scan ORDER BY seq_tup_read DESC, 1 LIMIT 10";

    private final PostgresClient client;

    SizeQueries(PostgresClient client) {
        this.client = client;
    }

    /** The {@code limit} largest tables by total size. */
    public List<TableSize> tables(int limit) throws PostgresException {
        return client.withConnection(client.settings().statementTimeout(), c -> client.query(c, TABLE_SIZES,
                ps -> ps.setInt(1, limit), rs -> {
                    double ratio = rs.getDouble(8);
                    OptionalDouble r = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(ratio);
                    return new TableSize(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), r);
                }));
    }

    public IndexReport indexes() throws PostgresException {
        return client.withConnection(client.settings().statementTimeout(), c -> new IndexReport(
                client.query(c, UNUSED, PostgresClient.Binder.NONE,
                        rs -> new UnusedIndex(rs.getString(1), rs.getString(2), rs.getLong(3))),
                client.query(c, DUPLICATES, PostgresClient.Binder.NONE,
                        rs -> new DuplicateIndexes(rs.getString(1), Arrays.asList((String[]) rs.getArray(2).getArray()),
                                rs.getLong(3))),
                client.query(c, SEQ_SCANS, ps -> ps.setLong(1, SEQ_SCAN_MIN_ROWS),
                        rs -> new SeqScanHint(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))));
    }
}
